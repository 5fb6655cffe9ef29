// The out-of-tree plugin story, for real: install event-engine to a temporary prefix, build
// examples/plugin_template against that install only, drop the .so into a plugin directory and
// run the installed program on a pipeline that uses it.
#include <gtest/gtest.h>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "child_process.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

TEST(PluginTemplate, BuildsOutOfTreeAgainstTheInstallAndRunsInAPipeline) {
  TempDir work;
  const std::filesystem::path prefix = work / "prefix";
  std::string output;
  ASSERT_EQ(run_program(
                {test_paths::cmake_command, "--install", test_paths::binary_dir, "--prefix", prefix.string()},
                output),
            0)
      << output;
  ASSERT_TRUE(std::filesystem::exists(prefix / "include" / "event_engine" / "plugin_api.hpp"));
  ASSERT_TRUE(std::filesystem::exists(prefix / "lib" / "cmake" / "EventEngine" / "EventEngineConfig.cmake"));

  const std::filesystem::path plugin_build = work / "plugin-build";
  ASSERT_EQ(
      run_program(
          {test_paths::cmake_command, "-S", std::string(test_paths::source_dir) + "/examples/plugin_template",
           "-B", plugin_build.string(), "-DCMAKE_PREFIX_PATH=" + prefix.string(),
           // The engine refuses a plugin from another compiler family (its ABI
           // fingerprint), so the plugin is built with this build's compiler.
           std::string("-DCMAKE_CXX_COMPILER=") + test_paths::cxx_compiler, "-DCMAKE_BUILD_TYPE=Release"},
          output),
      0)
      << output;
  ASSERT_EQ(run_program({test_paths::cmake_command, "--build", plugin_build.string()}, output,
                        std::chrono::minutes(5)),
            0)
      << output;
  std::filesystem::create_directories(work / "plugins");
  std::filesystem::copy_file(plugin_build / "poisson_gamma.so", work / "plugins" / "poisson_gamma.so");

  // The template's own pipeline, on a free port; zmq and file come from the installed plugins.
  nlohmann::json pipeline;
  std::ifstream(std::string(test_paths::source_dir) + "/examples/plugin_template/pipeline.json") >> pipeline;
  const int port = free_port();
  pipeline["http"]["listen"] = "127.0.0.1:" + std::to_string(port);
  std::ofstream(work / "pipeline.json") << pipeline.dump(2);

  ChildProcess engine(
      {(prefix / "bin" / "event-engine").string(), "run", "--config", (work / "pipeline.json").string()},
      work / "engine.log");
  ASSERT_TRUE(wait_for_status(port, "/healthz", 200)) << engine.output();
  ASSERT_EQ(http_post(port, "/events?topic=counts", "3\n5\n4\n").status, 202);
  ASSERT_EQ(http_get(port, "/count/7").status, 201);
  ASSERT_EQ(http_get(port, "/count/seven").status, 201);  // published; the model rejects it

  nlohmann::json summary;
  for (int attempt = 0; attempt < 200; ++attempt) {
    summary = nlohmann::json::parse(http_get(port, "/model").body);
    if (summary.at("n") == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(summary.at("n"), 4) << summary.dump();
  EXPECT_EQ(summary.at("sum"), 19);
  EXPECT_DOUBLE_EQ(summary.at("mean").get<double>(), (2.0 + 19.0) / (1.0 + 4.0));
  engine.signal(SIGTERM);
  EXPECT_EQ(engine.wait(std::chrono::seconds(20)), std::optional<int>(0)) << engine.output();
  EXPECT_TRUE(std::filesystem::exists(work / "state" / "model.json"));
  EXPECT_TRUE(std::filesystem::exists(work / "state" / "dead-letter.jsonl"));
}

}  // namespace
}  // namespace event_engine::testing
