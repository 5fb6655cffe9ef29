// `event-engine plugins NAME`: a shipped plugin's manifest as the real binary prints it.
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

std::vector<std::string> plugins_command(const std::string& name) {
  return {test_paths::program,
          "plugins",
          "--config",
          std::string(test_paths::source_dir) + "/config/default.json",
          "--set",
          std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\"]",
          name};
}

TEST(PluginDescription, ShowsSummaryLibraryVersionAndEveryConfigKeyWithTypeDefaultAndDescription) {
  std::string output;
  ASSERT_EQ(run_program(plugins_command("binomial_grid"), output), 0) << output;
  EXPECT_EQ(output.rfind("model binomial_grid 1.0.0\n", 0), 0u) << output;
  EXPECT_NE(output.find("Bayesian Binomial proportion by grid approximation"), std::string::npos) << output;
  EXPECT_NE(output.find(std::string("library: ") + test_paths::plugin_dir + "/binomial_grid.so"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("grid_points (integer, default 120)\n        Number of evenly spaced grid points"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find(R"(prior (object, default {"type":"step","above":0.1}))"), std::string::npos)
      << output;
  EXPECT_NE(output.find(R"(success (array, default ["w"]))"), std::string::npos) << output;
  EXPECT_NE(output.find(R"(failure (array, default ["l"]))"), std::string::npos) << output;
  EXPECT_NE(output.find("interval_mass (number, default 0.89)"), std::string::npos) << output;
}

TEST(PluginDescription, ANameProvidedAsBrokerAndStoreShowsBoth) {
  std::string output;
  ASSERT_EQ(run_program(plugins_command("redis"), output), 0) << output;
  EXPECT_NE(output.find("broker redis 1.0.0\n"), std::string::npos) << output;
  EXPECT_NE(output.find("store redis 1.0.0\n"), std::string::npos) << output;
  EXPECT_NE(output.find("mode (string, default \"pubsub\")"), std::string::npos) << output;
  EXPECT_NE(output.find("key_prefix (string, default \"event-engine:checkpoint:\")"), std::string::npos)
      << output;
}

TEST(PluginDescription, EveryShippedPluginDescribesEveryKey) {
  for (const char* name : {"zmq", "redis", "binomial_grid", "file", "png_plotter"}) {
    std::string output;
    ASSERT_EQ(run_program(plugins_command(name), output), 0) << name << "\n" << output;
    EXPECT_NE(output.find("config keys:"), std::string::npos) << output;
    EXPECT_EQ(output.find("(no description)"), std::string::npos) << output;
  }
}

TEST(PluginDescription, AnUnknownNameListsTheNamesFoundAndExits2) {
  std::string output;
  EXPECT_EQ(run_program(plugins_command("poisson"), output), 2);
  EXPECT_NE(
      output.find(
          "no plugin named 'poisson'; found: binomial_grid, file, nats, nats_kv, png_plotter, redis, zmq"),
      std::string::npos)
      << output;
}

}  // namespace
}  // namespace event_engine::testing
