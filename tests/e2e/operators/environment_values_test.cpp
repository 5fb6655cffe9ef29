// Environment values through the real binary: `${NAME}` and `${NAME:-default}` in the config
// file and in --set values, `$$` for a literal `$`, errors at the JSON path for unset and
// malformed references, secrets kept out of `validate`'s output, and `run` listening where the
// environment says.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

using Environment = std::vector<std::pair<std::string, std::string>>;

std::string shipped_default() { return std::string(test_paths::source_dir) + "/config/default.json"; }

std::vector<std::string> command(const std::string& subcommand, const std::string& config,
                                 const std::vector<std::string>& sets) {
  std::vector<std::string> argv{test_paths::program,
                                subcommand,
                                "--config",
                                config,
                                "--set",
                                std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\", \"" +
                                    test_paths::secret_key_plugin_dir + "\"]"};
  for (const std::string& set : sets) argv.insert(argv.end(), {"--set", set});
  return argv;
}

struct Outcome {
  int code = -1;
  std::string output;
};

Outcome run_with(const std::vector<std::string>& argv, const Environment& environment) {
  TempDir directory;
  ChildProcess child(argv, directory / "output.txt", environment);
  Outcome outcome;
  outcome.code = child.wait(std::chrono::seconds(60)).value_or(-1);
  outcome.output = child.output();
  return outcome;
}

Outcome validate(const std::vector<std::string>& sets, const Environment& environment) {
  return run_with(command("validate", shipped_default(), sets), environment);
}

TEST(EnvironmentValues, ValidateShowsTheValuesItUsedFromSetValues) {
  const Outcome outcome = validate({"http.listen=${EE_TEST_HOST:-127.0.0.1}:${EE_TEST_PORT}",
                                    "broker.config.high_water_mark=${EE_TEST_HWM}"},
                                   {{"EE_TEST_PORT", "8123"}, {"EE_TEST_HWM", "500"}});
  EXPECT_EQ(outcome.code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("environment values used:\n"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("  /http/listen = \"127.0.0.1:8123\" (from EE_TEST_HOST, EE_TEST_PORT)\n"),
            std::string::npos)
      << outcome.output;
  // A string that is one reference and nothing else takes the number's type: an integer key accepts it.
  EXPECT_NE(outcome.output.find("  /broker/config/high_water_mark = 500 (from EE_TEST_HWM)\n"),
            std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("OK\n"), std::string::npos) << outcome.output;
}

TEST(EnvironmentValues, ReferencesInTheFileAreReplacedAndDoubleDollarIsALiteralDollar) {
  TempDir directory;
  nlohmann::json config;
  std::ifstream(shipped_default()) >> config;
  config["process"]["checkpoint"]["key"] = "price$$-${EE_TEST_KEY}";
  config["process"]["dead_letter"]["path"] = "$${NOT_EXPANDED}.jsonl";
  const std::filesystem::path file = directory / "config.json";
  std::ofstream(file) << config.dump(2);
  const Outcome outcome = run_with(command("validate", file.string(), {}), {{"EE_TEST_KEY", "k1"}});
  EXPECT_EQ(outcome.code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("  /process/checkpoint/key = \"price$-k1\" (from EE_TEST_KEY)\n"),
            std::string::npos)
      << outcome.output;
  // `$${...}` is text, not a reference: nothing to list for it.
  EXPECT_EQ(outcome.output.find("dead_letter"), std::string::npos) << outcome.output;
}

TEST(EnvironmentValues, AnUnsetVariableWithoutADefaultIsAnErrorNamingThePathAndTheVariable) {
  const Outcome outcome =
      validate({"broker.config.endpoints=[\"inproc://a\", \"tcp://${EE_TEST_UNSET}:5555\"]"}, {});
  EXPECT_EQ(outcome.code, 2) << outcome.output;
  EXPECT_NE(
      outcome.output.find("/broker/config/endpoints/1: the environment variable EE_TEST_UNSET is not set"),
      std::string::npos)
      << outcome.output;
}

TEST(EnvironmentValues, AnEmptyVariableTakesTheDefaultAndAnEmptyOneWithoutIsEmpty) {
  const Outcome outcome = validate(
      {"http.listen=${EE_TEST_EMPTY:-127.0.0.1}:0", "process.model.config.success=[\"w${EE_TEST_EMPTY}\"]"},
      {{"EE_TEST_EMPTY", ""}});
  EXPECT_EQ(outcome.code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("/http/listen = \"127.0.0.1:0\""), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("/process/model/config/success/0 = \"w\""), std::string::npos)
      << outcome.output;
}

TEST(EnvironmentValues, MalformedReferencesAreErrorsAtTheirPath) {
  for (const auto& [set, expected] : std::vector<std::pair<std::string, std::string>>{
           {"http.listen=127.0.0.1:${EE_TEST_PORT",
            "/http/listen: malformed environment reference \"${EE_TEST_PORT\""},
           {"http.listen=${1X}:80", "/http/listen: malformed environment reference \"${1X}\" at byte 1"},
           {"http.listen=${}:80", "/http/listen: malformed environment reference \"${}\""},
           {"http.listen=${A-B}:80", "/http/listen: malformed environment reference \"${A-B}\""},
       }) {
    SCOPED_TRACE(set);
    const Outcome outcome = validate({set}, {{"EE_TEST_PORT", "80"}});
    EXPECT_EQ(outcome.code, 2) << outcome.output;
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << outcome.output;
    EXPECT_NE(outcome.output.find("write $$ for a literal $"), std::string::npos) << outcome.output;
  }
}

TEST(EnvironmentValues, AValueIsNotExpandedAgainAndItsLengthIsBounded) {
  const Outcome nested =
      validate({"process.checkpoint.key=${EE_TEST_NESTED}"}, {{"EE_TEST_NESTED", "${HOME}"}});
  EXPECT_EQ(nested.code, 0) << nested.output;
  EXPECT_NE(nested.output.find("/process/checkpoint/key = \"${HOME}\""), std::string::npos) << nested.output;

  const Outcome long_value = validate({"process.checkpoint.key=${EE_TEST_LONG}${EE_TEST_LONG}"},
                                      {{"EE_TEST_LONG", std::string(3000, 'k')}});
  EXPECT_EQ(long_value.code, 2) << long_value.output.substr(0, 2000);
  EXPECT_NE(
      long_value.output.find(
          "/process/checkpoint/key: longer than 4096 bytes once its environment references are replaced"),
      std::string::npos)
      << long_value.output.substr(0, 2000);
  EXPECT_LT(long_value.output.size(), 2000u);
}

TEST(EnvironmentValues, ValidateDoesNotShowTheValueOfASecretKey) {
  const std::string token = "s3cr3t-token-value";
  const Outcome outcome = validate({"process.model.plugin=secret_counter",
                                    "process.model.config={\"api_token\": \"${EE_TEST_TOKEN}\", \"region\": "
                                    "\"${EE_TEST_REGION}\"}"},
                                   {{"EE_TEST_TOKEN", token}, {"EE_TEST_REGION", "eu-west"}});
  EXPECT_EQ(outcome.code, 0) << outcome.output;
  EXPECT_EQ(outcome.output.find(token), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("/process/model/config/api_token = (secret, not shown) (from EE_TEST_TOKEN)"),
            std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("/process/model/config/region = \"eu-west\" (from EE_TEST_REGION)"),
            std::string::npos)
      << outcome.output;
}

TEST(EnvironmentValues, PluginsAndSchemaSayWhichKeysAreSecret) {
  const Outcome described = run_with(command("plugins", shipped_default(), {}), {});
  ASSERT_EQ(described.code, 0) << described.output;
  std::vector<std::string> argv = command("plugins", shipped_default(), {});
  argv.push_back("secret_counter");
  const Outcome one = run_with(argv, {});
  ASSERT_EQ(one.code, 0) << one.output;
  EXPECT_NE(one.output.find("api_token (string, default \"\", secret: never shown)"), std::string::npos)
      << one.output;
  EXPECT_NE(one.output.find("region (string, default \"\")\n"), std::string::npos) << one.output;

  const Outcome schema = run_with(command("schema", shipped_default(), {}), {});
  ASSERT_EQ(schema.code, 0) << schema.output.substr(0, 2000);
  const std::string text = schema.output;
  const std::size_t token_key = text.find("\"api_token\"");
  ASSERT_NE(token_key, std::string::npos);
  const nlohmann::json document = nlohmann::json::parse(text);
  bool found_write_only = false;
  bool region_write_only = false;
  // Wherever the schema places the plugin's config, its api_token property is writeOnly.
  const std::function<void(const nlohmann::json&)> visit = [&](const nlohmann::json& node) {
    if (node.is_object()) {
      if (node.contains("api_token") && node["api_token"].is_object()) {
        found_write_only = node["api_token"].value("writeOnly", false);
        region_write_only = node["region"].value("writeOnly", false);
      }
      for (const auto& item : node.items()) visit(item.value());
    } else if (node.is_array()) {
      for (const auto& item : node) visit(item);
    }
  };
  visit(document);
  EXPECT_TRUE(found_write_only);
  EXPECT_FALSE(region_write_only);
}

TEST(EnvironmentValues, RunListensWhereTheEnvironmentSays) {
  TempDir directory;
  const int port = free_port();
  ChildProcess engine(
      command("run", shipped_default(),
              {"http.listen=${EE_TEST_LISTEN_HOST}:${EE_TEST_LISTEN_PORT}",
               "broker.config.endpoints=[\"inproc://environment-values\"]",
               "process.store.config.directory=" + (directory / "state").string(), "process.visualisers=[]",
               "process.dead_letter.path=" + (directory / "dead-letter.jsonl").string()}),
      directory / "engine.log",
      {{"EE_TEST_LISTEN_HOST", "127.0.0.1"}, {"EE_TEST_LISTEN_PORT", std::to_string(port)}});
  EXPECT_TRUE(wait_for_status(port, "/healthz", 200)) << engine.output();
  EXPECT_EQ(http_get(port, "/update_model/w").status, 201);
  engine.signal(SIGTERM);
  EXPECT_EQ(engine.wait(std::chrono::seconds(20)), 0) << engine.output();
}

}  // namespace
}  // namespace event_engine::testing
