// The Debian package: built with cpack from this build tree, its contents listed with dpkg-deb -c,
// and the packaged program run from an extracted copy on the packaged default config. The
// extracted program finds its plugins in <prefix>/lib/event-engine/plugins beside its bin/, so no
// plugin path is set.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ostringstream text;
  text << std::ifstream(file).rdbuf();
  return text.str();
}

class Package : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = new TempDir();
    std::string output;
    // Packages what the build tree already holds; cpack's preinstall step rebuilds only what is stale.
    ASSERT_EQ(run_program({test_paths::cpack_command, "-G", "DEB", "--config",
                           std::string(test_paths::binary_dir) + "/CPackConfig.cmake", "-B",
                           (work_->path() / "out").string()},
                          output, std::chrono::minutes(10)),
              0)
        << output;
    for (const auto& entry : std::filesystem::directory_iterator(work_->path() / "out")) {
      if (entry.path().extension() == ".deb") deb_ = new std::filesystem::path(entry.path());
    }
    ASSERT_NE(deb_, nullptr) << output;
    ASSERT_EQ(run_program({"dpkg-deb", "-x", deb_->string(), (work_->path() / "root").string()}, output), 0)
        << output;
  }

  static void TearDownTestSuite() {
    delete deb_;
    delete work_;
  }

  static std::filesystem::path root() { return work_->path() / "root"; }

  static TempDir* work_;
  static std::filesystem::path* deb_;
};

TempDir* Package::work_ = nullptr;
std::filesystem::path* Package::deb_ = nullptr;

TEST_F(Package, HoldsTheProgramPluginsApiHeadersCmakePackageConfigAndUnit) {
  ASSERT_NE(deb_, nullptr);
  std::string listing;
  ASSERT_EQ(run_program({"dpkg-deb", "-c", deb_->string()}, listing), 0) << listing;
  for (const char* path :
       {"./usr/bin/event-engine", "./usr/lib/event-engine/plugins/binomial_grid.so",
        "./usr/lib/event-engine/plugins/zmq_broker.so", "./usr/lib/event-engine/plugins/redis_broker.so",
        "./usr/lib/event-engine/plugins/file_store.so", "./usr/lib/event-engine/plugins/png_plotter.so",
        "./usr/include/event_engine/plugin_api.hpp", "./usr/include/event_engine/manifest.hpp",
        "./usr/lib/cmake/EventEngine/EventEngineConfig.cmake",
        "./usr/lib/cmake/EventEngine/EventEngineTargets.cmake",
        "./usr/lib/cmake/EventEngine/EventEngineAddPlugin.cmake", "./etc/event-engine/default.json",
        "./lib/systemd/system/event-engine@.service"}) {
    EXPECT_NE(listing.find(std::string(path) + "\n"), std::string::npos) << path << "\n" << listing;
  }
  // Test plugins are not part of it.
  EXPECT_EQ(listing.find("required_key"), std::string::npos) << listing;

  std::string field;
  ASSERT_EQ(run_program({"dpkg-deb", "-f", deb_->string(), "Package", "Depends"}, field), 0) << field;
  EXPECT_NE(field.find("Package: event-engine\n"), std::string::npos) << field;
  for (const char* dependency : {"libzmq5", "libcairo2", "libspdlog1.10", "fonts-dejavu-core"}) {
    EXPECT_NE(field.find(dependency), std::string::npos) << dependency << "\n" << field;
  }
  std::string control;
  ASSERT_EQ(run_program({"dpkg-deb", "-I", deb_->string(), "conffiles"}, control), 0) << control;
  EXPECT_EQ(control, "/etc/event-engine/default.json\n");
}

TEST_F(Package, TheUnitRunsOneRestartingInstancePerConfigAsADedicatedUserWithItsOwnState) {
  const std::string unit = read_text(root() / "lib/systemd/system/event-engine@.service");
  for (const char* line : {"ExecStart=/usr/bin/event-engine run --config /etc/event-engine/%i.json\n",
                           "Restart=on-failure\n", "RestartPreventExitStatus=2\n", "DynamicUser=yes\n",
                           "User=event-engine\n", "StateDirectory=event-engine/%i\n",
                           "WorkingDirectory=/var/lib/event-engine/%i\n", "WantedBy=multi-user.target\n"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line << "\n" << unit;
  }
  // The packaged config keeps the default instance's state where the unit's StateDirectory is.
  const nlohmann::json config = nlohmann::json::parse(read_text(root() / "etc/event-engine/default.json"));
  EXPECT_EQ(config.at("process").at("store").at("config").at("directory"),
            "/var/lib/event-engine/default/state");
  EXPECT_FALSE(config.contains("plugin_dirs"));
}

TEST_F(Package, TheExtractedProgramFindsItsPluginsAndRunsItsDefaultConfig) {
  const std::string program = (root() / "usr/bin/event-engine").string();
  const std::string config = (root() / "etc/event-engine/default.json").string();
  std::string output;
  ASSERT_EQ(run_program({program, "plugins"}, output), 0) << output;
  EXPECT_NE(output.find((root() / "usr/lib/event-engine/plugins/binomial_grid.so").string()),
            std::string::npos)
      << output;
  ASSERT_EQ(run_program({program, "validate", "--config", config}, output), 0) << output;
  EXPECT_EQ(output, "OK\n");

  // State under the test's directory rather than /var/lib; ports free on loopback.
  const int http_port = free_port();
  const std::filesystem::path state = work_->path() / "state";
  ChildProcess engine(
      {program, "run", "--config", config, "--set", "http.listen=127.0.0.1:" + std::to_string(http_port),
       "--set", "broker.config.endpoints=[\"inproc://event-engine\"]", "--set",
       "process.store.config.directory=" + (state / "checkpoints").string(), "--set",
       "process.visualisers.0.config.directory=" + (state / "graphs").string(), "--set",
       "process.dead_letter.path=" + (state / "dead-letter.jsonl").string()},
      work_->path() / "engine.log");
  ASSERT_TRUE(wait_for_status(http_port, "/healthz", 200)) << engine.output();
  for (const char* trial : {"w", "l", "w", "w", "w", "l", "w", "l", "w"}) {
    ASSERT_EQ(http_get(http_port, std::string("/update_model/") + trial).status, 201);
  }
  nlohmann::json summary;
  for (int attempt = 0; attempt < 400; ++attempt) {
    summary = nlohmann::json::parse(http_get(http_port, "/model?compact=1").body);
    if (summary.at("n") == 9) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(summary.at("w"), 6) << summary.dump();
  EXPECT_EQ(summary.at("n"), 9) << summary.dump();
  engine.signal(SIGTERM);
  EXPECT_EQ(engine.wait(std::chrono::seconds(20)), std::optional<int>(0)) << engine.output();
  EXPECT_TRUE(std::filesystem::exists(state / "checkpoints" / "model.json")) << engine.output();
}

}  // namespace
}  // namespace event_engine::testing
