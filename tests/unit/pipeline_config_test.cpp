#include "config/pipeline_config.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace event_engine {
namespace {

nlohmann::json minimal_process_config() {
  return nlohmann::json::parse(R"({
    "broker": {"plugin": "zmq", "config": {}},
    "process": {"topics": ["update_model"], "model": {"plugin": "binomial_grid", "config": {}}}
  })");
}

nlohmann::json ingest_only_config() {
  return nlohmann::json::parse(R"({
    "broker": {"plugin": "zmq"},
    "http": {"listen": "0.0.0.0:9000"},
    "ingest": {"routes": [{"path": "/update_model/{value}", "topic": "update_model", "accept": ["w", "l"]}]}
  })");
}

std::vector<std::string> errors_of(const nlohmann::json& config) {
  try {
    parse_pipeline_config(config, "/etc/pipelines");
  } catch (const ConfigInvalid& invalid) {
    return invalid.errors();
  }
  return {};
}

bool mentions(const std::vector<std::string>& errors, const std::string& text) {
  for (const std::string& error : errors) {
    if (error.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(PipelineConfig, AProcessOnlyConfigIsValidWithDefaults) {
  const PipelineConfig config = parse_pipeline_config(minimal_process_config(), "/etc/pipelines");
  ASSERT_TRUE(config.process.has_value());
  EXPECT_TRUE(config.routes.empty());
  EXPECT_FALSE(config.http.has_value());
  EXPECT_EQ(config.process->checkpoint.every_events, 100000u);
  EXPECT_EQ(config.process->checkpoint.not_ready_after_failing_ms, std::chrono::milliseconds(15000));
  EXPECT_EQ(config.process->dead_letter_path, "/etc/pipelines/state/dead-letter.jsonl");
}

TEST(PipelineConfig, AnIngestOnlyConfigIsValid) {
  const auto config = parse_pipeline_config(ingest_only_config(), "/srv");
  EXPECT_FALSE(config.process.has_value());
  ASSERT_EQ(config.routes.size(), 1u);
  EXPECT_EQ(config.http->host, "0.0.0.0");
  EXPECT_EQ(config.http->port, 9000);
}

TEST(PipelineConfig, HeavyReadsLeaveACoreFreeByDefault) {
  const auto config = parse_pipeline_config(ingest_only_config(), "/srv");
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_GE(config.http->max_concurrent_queries, 1);
  if (cores > 1) {
    EXPECT_EQ(config.http->max_concurrent_queries, cores - 1);
  }
}

TEST(PipelineConfig, ResolvesRelativePathsAgainstTheConfigDirectory) {
  nlohmann::json config = minimal_process_config();
  config["plugin_dirs"] = {"../build/plugins", "/opt/plugins"};
  config["process"]["dead_letter"] = {{"path", "../state/dead.jsonl"}};
  const PipelineConfig parsed = parse_pipeline_config(config, "/repo/config");
  EXPECT_EQ(parsed.plugin_dirs.at(0), "/repo/build/plugins");
  EXPECT_EQ(parsed.plugin_dirs.at(1), "/opt/plugins");
  EXPECT_EQ(parsed.process->dead_letter_path, "/repo/state/dead.jsonl");
}

TEST(PipelineConfig, AnUnknownKeyIsAnErrorWithASuggestion) {
  nlohmann::json config = minimal_process_config();
  config["process"]["chekpoint"] = {{"every_events", 5}};
  const auto errors = errors_of(config);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("/process/chekpoint: unknown key"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("did you mean \"checkpoint\""), std::string::npos) << errors[0];
}

TEST(PipelineConfig, EveryErrorIsReportedWithItsPath) {
  nlohmann::json config = minimal_process_config();
  config["process"]["checkpoint"] = {
      {"every_events", "often"}, {"every_ms", -5}, {"not_ready_after_failing_ms", 0}};
  config["http"] = {{"listen", "localhost"}};
  config["process"]["topics"] = nlohmann::json::array();
  const auto errors = errors_of(config);
  EXPECT_TRUE(mentions(errors, "/process/checkpoint/every_events: expected an integer >= 1, got \"often\""));
  EXPECT_TRUE(mentions(errors, "/process/checkpoint/every_ms: expected an integer >= 1, got -5"));
  EXPECT_TRUE(
      mentions(errors, "/process/checkpoint/not_ready_after_failing_ms: expected an integer >= 1, got 0"));
  EXPECT_TRUE(mentions(errors, "/http/listen: expected \"host:port\""));
  EXPECT_TRUE(mentions(errors, "/process/topics: expected a non-empty list"));
  EXPECT_EQ(errors.size(), 5u);
}

TEST(PipelineConfig, RequiresABrokerAndSomethingToDo) {
  EXPECT_TRUE(mentions(
      errors_of(nlohmann::json::parse(R"({"process": {"topics": ["t"], "model": {"plugin": "m"}}})")),
      "/broker: expected an object"));
  EXPECT_TRUE(mentions(errors_of(nlohmann::json::parse(R"({"broker": {"plugin": "zmq"}})")),
                       "this config does nothing"));
  EXPECT_TRUE(mentions(
      errors_of(nlohmann::json::parse(R"({"broker": {"plugin": "zmq"}, "process": {"topics": ["t"]}})")),
      "/process/model: expected an object"));
}

TEST(PipelineConfig, IngestionNeedsHttpAndRoutesWithAValuePlaceholder) {
  const auto errors = errors_of(nlohmann::json::parse(R"({
    "broker": {"plugin": "zmq"},
    "ingest": {"routes": [{"path": "/update_model", "topic": "t"}, {"path": "/a/{value}", "topc": "t"}]}
  })"));
  EXPECT_TRUE(
      mentions(errors, "/ingest/routes/0/path: expected a path starting with \"/\" with one \"{value}\""));
  EXPECT_TRUE(mentions(errors, "/ingest/routes/1/topc: unknown key; did you mean \"topic\"?"));
  EXPECT_TRUE(mentions(errors, "/ingest/routes/1/topic: expected a string, got nothing"));
  EXPECT_TRUE(mentions(errors, "/http: expected an object with \"listen\""));
}

TEST(PipelineConfig, PluginSectionsNeedAPluginNameAndAnObjectConfig) {
  nlohmann::json config = minimal_process_config();
  config["process"]["visualisers"] = {{{"plugin", "png_plotter"}, {"config", 5}}, "png_plotter"};
  config["broker"] = {{"plugn", "zmq"}};
  const auto errors = errors_of(config);
  EXPECT_TRUE(mentions(errors, "/process/visualisers/0/config: expected an object, got 5"));
  EXPECT_TRUE(mentions(errors, "/process/visualisers/1: expected an object"));
  EXPECT_TRUE(mentions(errors, "/broker/plugn: unknown key; did you mean \"plugin\"?"));
  EXPECT_TRUE(mentions(errors, "/broker/plugin: expected a string, got nothing"));
}

}  // namespace
}  // namespace event_engine

namespace event_engine {
namespace {

TEST(PipelineConfig, ReadsProcessKeysAndRefusesThemInAGroup) {
  nlohmann::json config = minimal_process_config();
  config["process"]["keys"] = {{"format", "text"}};
  const PipelineConfig parsed = parse_pipeline_config(config, "/etc/pipelines");
  ASSERT_TRUE(parsed.process->keys.has_value());
  EXPECT_EQ(parsed.process->keys->separator, ":");

  config["process"]["keys"] = {{"format", "json"}, {"key", {"/variant"}}};
  std::vector<std::string> errors = errors_of(config);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("/process/keys/value: expected a string", 0), 0u) << errors[0];

  config["process"]["keys"] = {{"format", "text"}, {"idle_expiry", "30m"}};
  config["process"]["group"] = {{"prefix", "bayes-"}};
  const PipelineConfig keyed_member = parse_pipeline_config(config, "/etc/pipelines");
  EXPECT_TRUE(keyed_member.process->group.has_value());
  EXPECT_EQ(keyed_member.process->keys->idle_expiry, std::chrono::minutes(30));

  for (const char* bad : {"30", "0s", "5 m", "1w", "-1h", "m"}) {
    config["process"]["keys"]["idle_expiry"] = bad;
    errors = errors_of(config);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].rfind("/process/keys/idle_expiry: expected a whole number and a unit", 0), 0u)
        << errors[0];
  }
}

TEST(PipelineConfig, ReadsTheStartupTimeoutAsADuration) {
  nlohmann::json config = minimal_process_config();
  EXPECT_FALSE(parse_pipeline_config(config, "/etc/pipelines").process->startup_timeout.has_value())
      << "without one, a start waits as long as it takes";
  config["process"]["startup_timeout"] = "90s";
  EXPECT_EQ(parse_pipeline_config(config, "/etc/pipelines").process->startup_timeout,
            std::chrono::seconds(90));
  config["process"]["startup_timeout"] = "2m";
  EXPECT_EQ(parse_pipeline_config(config, "/etc/pipelines").process->startup_timeout,
            std::chrono::minutes(2));
  for (const nlohmann::json& bad : {nlohmann::json("30"), nlohmann::json("0s"), nlohmann::json(30)}) {
    config["process"]["startup_timeout"] = bad;
    const std::vector<std::string> errors = errors_of(config);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].rfind("/process/startup_timeout: expected ", 0), 0u) << errors[0];
  }
}

TEST(PipelineConfig, ExperimentsAndDecisionsAreReadAndTheirMistakesNamedByPath) {
  nlohmann::json config = minimal_process_config();
  config["process"]["keys"] = {{"format", "text"}};
  config["process"]["experiments"] = nlohmann::json::array(
      {{{"prefix", "checkout/"}, {"weights", {{"A", 50}, {"B", 50}}}, {"srm_threshold", 0.01}}});
  config["process"]["decisions"] = {{"rules", {{{"name", "win"}, {"prefix", "checkout/"}, {"min_n", 100}}}}};
  const PipelineConfig parsed = parse_pipeline_config(config, "/etc/pipelines");
  ASSERT_EQ(parsed.process->experiments.size(), 1u);
  EXPECT_EQ(parsed.process->experiments[0].weights.at("B"), 50);
  EXPECT_EQ(parsed.process->experiments[0].srm_threshold, 0.01);
  ASSERT_TRUE(parsed.process->decisions.has_value());
  EXPECT_EQ(parsed.process->decisions->rules[0].min_n, 100u);
  EXPECT_EQ(parsed.process->decisions->file, std::filesystem::path("/etc/pipelines/state/decisions.jsonl"));

  const std::vector<std::pair<nlohmann::json, std::string>> bad_experiments = {
      {nlohmann::json::object(), "/process/experiments: expected a list"},
      {nlohmann::json::array({{{"prefix", "x/"}}}),
       "/process/experiments/0/weights: expected the variants' split"},
      {nlohmann::json::array({{{"prefix", "x/"}, {"weights", {{"A", 1}}}}}),
       "/process/experiments/0/weights: expected the variants' split"},
      {nlohmann::json::array({{{"prefix", "x/"}, {"weights", {{"A", 1}, {"B", -2}}}}}),
       "/process/experiments/0/weights/B: expected a positive number"},
      {nlohmann::json::array({{{"prefix", "x/"}, {"weights", {{"A", 1}, {"B", 1}}}, {"split", 1}}}),
       "/process/experiments/0/split: unknown key"},
      {nlohmann::json::array({{{"prefix", "x/"}, {"weights", {{"A", 1}, {"B", 1}}}},
                              {{"prefix", "x/"}, {"weights", {{"A", 1}, {"B", 1}}}}}),
       "/process/experiments/1/prefix: expected a prefix no other experiment has"},
  };
  for (const auto& [experiments, expected] : bad_experiments) {
    nlohmann::json broken = config;
    broken["process"]["experiments"] = experiments;
    const std::vector<std::string> errors = errors_of(broken);
    ASSERT_EQ(errors.size(), 1u) << experiments;
    EXPECT_EQ(errors[0].rfind(expected, 0), 0u) << errors[0];
  }

  const std::vector<std::pair<nlohmann::json, std::string>> bad_decisions = {
      {{{"rules", nlohmann::json::array()}}, "/process/decisions/rules: expected a list of 1 to 64 rules"},
      {{{"rules", {{{"name", "has space"}, {"prefix", "x/"}}}}},
       "/process/decisions/rules/0/name: expected 1 to 64"},
      {{{"rules", {{{"name", "g"}, {"prefix", "x/"}, {"baseline", "y/A"}}}}},
       "/process/decisions/rules/0/baseline: expected one of the rule's keys"},
      {{{"rules", {{{"name", "w"}, {"prefix", "x/"}, {"worse_by", 0.1}}}}},
       "/process/decisions/rules/0/worse_by: unknown key"},
      {{{"rules", {{{"name", "w"}, {"prefix", "x/"}}, {{"name", "w"}, {"prefix", "y/"}}}}},
       "/process/decisions/rules/1/name: expected a name no other rule has"},
      {{{"every_ms", 1}, {"rules", {{{"name", "w"}, {"prefix", "x/"}}}}},
       "/process/decisions/every_ms: expected an integer"},
  };
  for (const auto& [decisions, expected] : bad_decisions) {
    nlohmann::json broken = config;
    broken["process"]["decisions"] = decisions;
    const std::vector<std::string> errors = errors_of(broken);
    ASSERT_EQ(errors.size(), 1u) << decisions;
    EXPECT_EQ(errors[0].rfind(expected, 0), 0u) << errors[0];
  }
}

}  // namespace
}  // namespace event_engine
