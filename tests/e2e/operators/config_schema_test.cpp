// `event-engine schema`: the JSON Schema it prints, checked with Debian's python3-jsonschema, accepts
// every shipped config and agrees with `event-engine validate` on configs one change away from them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

const std::filesystem::path source_dir = test_paths::source_dir;

json read_json(const std::filesystem::path& file) { return json::parse(std::ifstream(file)); }

void write_json(const std::filesystem::path& file, const json& value) {
  std::ofstream(file) << value.dump(2);
}

class ConfigSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    // The shipped plugins and a test plugin with a required config key.
    json config = read_json(source_dir / "config/default.json");
    config["plugin_dirs"] = json::array({test_paths::plugin_dir, test_paths::required_key_plugin_dir});
    write_json(work_ / "plugins.json", config);
    std::string output;
    ASSERT_EQ(
        run_program({test_paths::program, "schema", "--config", (work_ / "plugins.json").string()}, output),
        0)
        << output;
    std::ofstream(work_ / "schema.json") << output;
  }

  // One line per file: "<file>: valid" or "<file>: invalid at <path>: <message>".
  std::string schema_verdict(const std::filesystem::path& file) {
    std::string output;
    EXPECT_EQ(run_program({"python3", source_dir / "tests/e2e/operators/schema_check.py",
                           (work_ / "schema.json").string(), file.string()},
                          output),
              0)
        << output;
    return output.substr(file.string().size() + 2);
  }

  bool validate_accepts(const std::filesystem::path& file, std::string& output) {
    return run_program({test_paths::program, "validate", "--config", file.string()}, output) == 0;
  }

  // The default config with one change, where validate finds the plugins.
  std::filesystem::path variant(const std::string& name, const std::function<void(json&)>& change) {
    json config = read_json(source_dir / "config/default.json");
    config["plugin_dirs"] = json::array({test_paths::plugin_dir, test_paths::required_key_plugin_dir});
    change(config);
    const std::filesystem::path file = work_ / (name + ".json");
    write_json(file, config);
    return file;
  }

  TempDir work_;
};

TEST_F(ConfigSchema, IsADraft202012SchemaThatAcceptsEveryShippedConfig) {
  const json schema = read_json(work_ / "schema.json");
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir / "config")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_EQ(schema_verdict(entry.path()), "valid\n") << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 5u);
}

TEST_F(ConfigSchema, EachPluginsConfigSitsUnderItsPluginValueWithTheManifestsDescriptions) {
  const json schema = read_json(work_ / "schema.json");
  const json& model = schema.at("properties").at("process").at("properties").at("model");
  const json* binomial = nullptr;
  for (const json& rule : model.at("allOf")) {
    if (rule.at("if").at("properties").at("plugin").at("const") == "binomial_grid") binomial = &rule;
  }
  ASSERT_NE(binomial, nullptr) << model.dump(2);
  const json& config = binomial->at("then").at("properties").at("config");
  EXPECT_EQ(config.at("additionalProperties"), false);
  EXPECT_EQ(config.at("properties").at("grid_points").at("default"), 120);
  EXPECT_NE(
      config.at("properties").at("grid_points").at("description").get<std::string>().find("grid points"),
      std::string::npos);
}

struct Variant {
  std::string name;
  std::function<void(json&)> change;
  bool valid;
  std::string schema_error_path;  // where the schema's first error is, for an invalid variant
};

TEST_F(ConfigSchema, AgreesWithValidate) {
  const std::vector<Variant> variants = {
      {"tokens_as_one_string", [](json& c) { c["process"]["model"]["config"]["success"] = "w"; }, true, ""},
      {"topics_as_one_string", [](json& c) { c["process"]["topics"] = "update_model"; }, true, ""},
      {"no_store", [](json& c) { c["process"]["store"] = nullptr; }, true, ""},
      {"null_plugin_config", [](json& c) { c["process"]["visualisers"][0]["config"] = nullptr; }, true, ""},
      {"null_key_means_default", [](json& c) { c["process"]["model"]["config"]["grid_points"] = nullptr; },
       true, ""},
      {"ipv6_listen", [](json& c) { c["http"]["listen"] = "[::1]:0"; }, true, ""},
      // Every key the http section takes (docs/http-api.md's limits), not only the first three.
      {"every_http_key",
       [](json& c) {
         c["http"].update({{"max_connections", 100},
                           {"max_connections_per_client", 0},
                           {"request_timeout_ms", 2000},
                           {"idle_timeout_ms", 1000},
                           {"max_header_bytes", 8192},
                           {"max_pending_body_bytes", 1 << 28},
                           {"max_concurrent_queries", 2},
                           {"lingering_bytes", 1024},
                           {"lingering_time_ms", 500},
                           {"lingering_timeout_ms", 100},
                           {"auth", {{"token_env", "EE_SCHEMA_TOKEN"}, {"protect_reads", true}}}});
       },
       true, ""},
      {"lingering_time_out_of_range", [](json& c) { c["http"]["lingering_time_ms"] = 0; }, false,
       "/http/lingering_time_ms"},
      {"integral_float", [](json& c) { c["process"]["checkpoint"]["every_events"] = 5.0; }, true, ""},
      {"required_key_given",
       [](json& c) {
         c["process"]["model"] = {{"plugin", "rate"}, {"config", {{"rate", 2.5}}}};
       },
       true, ""},
      // One environment value where a number is expected: the loader reads its type (README,
      // "Environment values"), so editors must not flag it.
      {"environment_value_for_a_plugin_integer",
       [](json& c) { c["process"]["model"]["config"]["grid_points"] = "${EE_SCHEMA_TEST_GRID:-50}"; }, true,
       ""},
      {"environment_value_for_an_engine_integer",
       [](json& c) { c["http"]["threads"] = "${EE_SCHEMA_THREADS:-4}"; }, true, ""},
      {"malformed_environment_value",
       [](json& c) { c["process"]["model"]["config"]["grid_points"] = "${1X}"; }, false,
       "/process/model/config/grid_points"},
      {"wrong_type", [](json& c) { c["process"]["model"]["config"]["grid_points"] = "abc"; }, false,
       "/process/model/config/grid_points"},
      {"unknown_plugin_key", [](json& c) { c["process"]["visualisers"][0]["config"]["widht"] = 100; }, false,
       "/process/visualisers/0/config"},
      {"unknown_engine_key", [](json& c) { c["process"]["chekpoint"] = json::object(); }, false, "/process"},
      {"unknown_plugin", [](json& c) { c["process"]["model"]["plugin"] = "poisson"; }, false,
       "/process/model/plugin"},
      {"required_key_missing",
       [](json& c) {
         c["process"]["model"] = {{"plugin", "rate"}, {"config", json::object()}};
       },
       false, "/process/model/config"},
      {"required_config_missing",
       [](json& c) {
         c["process"]["model"] = {{"plugin", "rate"}};
       },
       false, "/process/model"},
      {"threads_out_of_range", [](json& c) { c["http"]["threads"] = 0; }, false, "/http/threads"},
      {"port_out_of_range", [](json& c) { c["http"]["listen"] = "127.0.0.1:65536"; }, false, "/http/listen"},
      {"route_without_value", [](json& c) { c["ingest"]["routes"][0]["path"] = "/update_model"; }, false,
       "/ingest/routes/0/path"},
      {"ingest_without_http", [](json& c) { c.erase("http"); }, false, "/"},
      {"checkpoint_key_with_slash", [](json& c) { c["process"]["checkpoint"]["key"] = "a/b"; }, false,
       "/process/checkpoint/key"},
  };
  for (const Variant& v : variants) {
    const std::filesystem::path file = variant(v.name, v.change);
    std::string validate_output;
    EXPECT_EQ(validate_accepts(file, validate_output), v.valid) << v.name << ": " << validate_output;
    const std::string verdict = schema_verdict(file);
    if (v.valid) {
      EXPECT_EQ(verdict, "valid\n") << v.name;
    } else {
      EXPECT_EQ(verdict.rfind("invalid at " + v.schema_error_path + ":", 0), 0u) << v.name << ": " << verdict;
    }
  }
}

}  // namespace
}  // namespace event_engine::testing
