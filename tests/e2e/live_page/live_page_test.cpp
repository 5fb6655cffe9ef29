// The live page (GET /) in a real browser: the default pipeline runs, drive_live_page.py loads the
// page in headless Chromium, clicks `w` three times and checks n and the plot; the engine must
// then have applied exactly those three events. The screenshot is kept as a test artifact.
#include <gtest/gtest.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

TEST(LivePage, ClickingWThreeTimesShowsTheNewCountAndANewPlotInChromium) {
  for (const char* needed : {LIVE_PAGE_PYTHON, "/usr/bin/chromium", "/usr/bin/chromedriver"}) {
    ASSERT_TRUE(std::filesystem::exists(needed))
        << needed << " is missing: scripts/install-deps.sh installs chromium, chromium-driver and "
        << "python3-selenium";
  }
  TempDir work;
  EngineInstance engine(work.path(), "config/default.json",
                        {"broker.config.endpoints=[\"inproc://event-engine\",\"tcp://127.0.0.1:" +
                         std::to_string(free_port()) + "\"]"});
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();

  const std::filesystem::path screenshot =
      std::filesystem::path(EVENT_ENGINE_TEST_BINARY_DIR) / "test-artifacts" / "live_page.png";
  std::filesystem::create_directories(screenshot.parent_path());
  std::filesystem::remove(screenshot);
  std::string output;
  const int exit_code =
      run_program({LIVE_PAGE_PYTHON, LIVE_PAGE_DRIVER,
                   "http://127.0.0.1:" + std::to_string(engine.http_port()) + "/", screenshot.string()},
                  output, std::chrono::seconds(60));
  EXPECT_EQ(exit_code, 0) << output << "\nengine log:\n" << engine.log();
  EXPECT_NE(output.find("live page: all checks passed"), std::string::npos) << output;
  EXPECT_TRUE(std::filesystem::exists(screenshot)) << output;

  const HttpReply model = http_get(engine.http_port(), "/model?compact=1");
  ASSERT_EQ(model.status, 200);
  const nlohmann::json summary = nlohmann::json::parse(model.body);
  EXPECT_EQ(summary.at("n"), 3) << summary.dump();
  EXPECT_EQ(summary.at("w"), 3) << summary.dump();
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
