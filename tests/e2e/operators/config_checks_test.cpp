// `event-engine validate` and `run` on configs the config check used to accept: an empty plugin
// name (run then crashed on the plugin it had skipped) and empty topic names. Both commands must
// exit 2 naming the JSON path.
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

std::vector<std::string> command(const std::string& subcommand, const std::vector<std::string>& sets) {
  std::vector<std::string> argv{test_paths::program, subcommand, "--config",
                                std::string(test_paths::source_dir) + "/config/default.json", "--set",
                                std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\"]",
                                // Free ports: a run that wrongly starts must not fail on a busy one.
                                "--set", "http.listen=127.0.0.1:0", "--set",
                                "broker.config.endpoints=[\"inproc://config-checks\"]"};
  for (const std::string& set : sets) argv.insert(argv.end(), {"--set", set});
  return argv;
}

struct RefusedCase {
  std::string set;
  std::string expected;
};

void expect_refused_by_validate_and_run(const RefusedCase& refused) {
  for (const std::string subcommand : {"validate", "run"}) {
    SCOPED_TRACE(subcommand + " --set " + refused.set);
    std::string output;
    EXPECT_EQ(run_program(command(subcommand, {refused.set}), output, std::chrono::seconds(30)), 2) << output;
    EXPECT_NE(output.find(refused.expected), std::string::npos) << output;
  }
}

TEST(ConfigChecks, AnEmptyPluginNameIsRefusedAtItsPathInEverySection) {
  for (const RefusedCase& refused : std::vector<RefusedCase>{
           {"broker.plugin=\"\"", "/broker/plugin: expected a plugin name"},
           {"process.model.plugin=\"\"", "/process/model/plugin: expected a plugin name"},
           {"process.store.plugin=\"\"", "/process/store/plugin: expected a plugin name"},
           {"process.visualisers.0.plugin=\"\"", "/process/visualisers/0/plugin: expected a plugin name"},
       }) {
    expect_refused_by_validate_and_run(refused);
  }
}

TEST(ConfigChecks, AnEmptyTopicIsRefusedAtItsPath) {
  for (const RefusedCase& refused : std::vector<RefusedCase>{
           {"process.topics=[\"update_model\", \"\"]", "/process/topics/1: expected a topic name"},
           {"process.topics=\"\"", "/process/topics/0: expected a topic name"},
           {"ingest.routes.0.topic=\"\"", "/ingest/routes/0/topic: expected a topic name"},
           {"ingest.routes.0.topic=\"" + std::string(300, 't') + "\"",
            "/ingest/routes/0/topic: expected a topic name of 1 to 256 bytes"},
       }) {
    expect_refused_by_validate_and_run(refused);
  }
}

}  // namespace
}  // namespace event_engine::testing
