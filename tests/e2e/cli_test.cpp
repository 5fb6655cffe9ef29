// The event-engine program's commands and exit codes, as a user meets them.
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

class Cli : public ::testing::Test {
 protected:
  Cli() : engine_(work_.path(), "config/default.json", {}) {}

  int run(std::vector<std::string> argv, std::string& output) { return run_program(argv, output); }

  std::vector<std::string> validate_with(const std::vector<std::string>& overrides) {
    std::vector<std::string> argv = engine_.command("validate");
    for (const std::string& assignment : overrides) argv.insert(argv.end(), {"--set", assignment});
    return argv;
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(Cli, ValidateSaysOkForTheShippedConfig) {
  std::string output;
  EXPECT_EQ(run(engine_.command("validate"), output), 0) << output;
  EXPECT_EQ(output, "OK\n");
}

TEST_F(Cli, ValidateListsEveryErrorWithItsJsonPathAndExits2) {
  std::string output;
  EXPECT_EQ(run(validate_with({"process.model.config.grid_points=\"abc\"", "process.chekpoint={}",
                               "process.visualisers.0.config.widht=100"}),
                output),
            2);
  EXPECT_NE(output.find("/process/model/config/grid_points: expected an integer"), std::string::npos)
      << output;
  EXPECT_NE(output.find("got \"abc\""), std::string::npos) << output;
  EXPECT_NE(output.find("/process/chekpoint: unknown key; did you mean \"checkpoint\"?"), std::string::npos)
      << output;
  EXPECT_NE(output.find("/process/visualisers/0/config/widht: unknown key"), std::string::npos) << output;
  EXPECT_NE(output.find("did you mean \"width\"?"), std::string::npos) << output;
}

TEST_F(Cli, AnUnknownPluginNameListsTheNamesFound) {
  std::string output;
  EXPECT_EQ(run(validate_with({"process.model.plugin=poisson"}), output), 2);
  EXPECT_NE(output.find("no model plugin named 'poisson'; found: binomial_grid"), std::string::npos)
      << output;
}

TEST_F(Cli, RunRefusesABadConfigWithExitCode2) {
  std::string output;
  std::vector<std::string> argv = engine_.command("run");
  argv.insert(argv.end(), {"--set", "process.checkpoint.every_ms=0"});
  EXPECT_EQ(run(argv, output), 2);
  EXPECT_NE(output.find("/process/checkpoint/every_ms: expected an integer >= 1, got 0"), std::string::npos)
      << output;
  EXPECT_EQ(run({test_paths::program, "run", "--config", "/no/such/file.json"}, output), 2);
  EXPECT_NE(output.find("/no/such/file.json"), std::string::npos) << output;
}

TEST_F(Cli, PluginsShowsATableOfWhatIsInstalled) {
  std::string output;
  EXPECT_EQ(run({test_paths::program, "plugins", "--config", engine_.config_file().string(), "--set",
                 engine_.overrides().front()},
                output),
            0)
      << output;
  EXPECT_NE(output.find("KIND"), std::string::npos) << output;
  for (const char* row :
       {"broker", "zmq", "model", "binomial_grid", "store", "file", "visualiser", "png_plotter"}) {
    EXPECT_NE(output.find(row), std::string::npos) << row << "\n" << output;
  }
}

// A newcomer's first try in a build tree: no config, and the build's own plugins are found.
TEST_F(Cli, PluginsInTheBuildTreeFindsTheBuildsPluginsWithoutAConfig) {
  std::string output;
  EXPECT_EQ(run({"/usr/bin/env", "-u", "EVENT_ENGINE_PLUGIN_PATH", test_paths::program, "plugins"}, output),
            0)
      << output;
  for (const char* row : {"zmq", "binomial_grid", "file", "png_plotter"}) {
    EXPECT_NE(output.find(row), std::string::npos) << row << "\n" << output;
  }
  EXPECT_NE(output.find(std::string(test_paths::plugin_dir)), std::string::npos) << output;
}

TEST_F(Cli, VersionHelpAndUsageErrors) {
  std::string output;
  EXPECT_EQ(run({test_paths::program, "--version"}, output), 0);
  EXPECT_EQ(output.rfind("event-engine ", 0), 0u) << output;
  EXPECT_EQ(run({test_paths::program, "--help"}, output), 0);
  EXPECT_NE(output.find("publish"), std::string::npos);
  EXPECT_EQ(run({test_paths::program, "fly"}, output), 2);
  EXPECT_EQ(run({test_paths::program, "run"}, output), 2);
  EXPECT_NE(output.find("--config"), std::string::npos) << output;
  // A wait that is no time, not a number, or beyond a day (whose milliseconds would not fit ZeroMQ's
  // linger) is a usage error, named.
  for (const char* timeout : {"0", "-1", "abc", "1e300"}) {
    EXPECT_EQ(run({test_paths::program, "publish", "--finish-timeout", timeout, "w"}, output), 2) << timeout;
    EXPECT_NE(output.find("--finish-timeout"), std::string::npos) << output;
  }
}

TEST_F(Cli, APortInUseIsAClearErrorAndExitCode1) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  std::string output;
  std::vector<std::string> argv = engine_.command("run");
  // Same HTTP port as the running engine; its own ZeroMQ port would clash too, so move that.
  argv.insert(argv.end(), {"--set", "broker.config.endpoints=[\"inproc://second\"]"});
  EXPECT_EQ(run(argv, output), 1) << output;
  EXPECT_NE(output.find("cannot listen on 127.0.0.1:" + std::to_string(engine_.http_port())),
            std::string::npos)
      << output;
  EXPECT_EQ(engine_.stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace event_engine::testing
