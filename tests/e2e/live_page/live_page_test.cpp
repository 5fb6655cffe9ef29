// The live page (GET /) in a real browser: the default pipeline runs, drive_live_page.py loads the
// page in headless Chromium, clicks `w` three times and checks n and the plot; the engine must
// then have applied exactly those three events. The screenshot is kept as a test artifact.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

// GET /model?compact=1 with curl, with the bearer token when there is one; the body, or "".
std::string run_curl_model(int port, const std::string& token) {
  std::vector<std::string> argv = {"curl", "-s", "-f", "--max-time", "10"};
  if (!token.empty()) {
    argv.push_back("-H");
    argv.push_back("Authorization: Bearer " + token);
  }
  argv.push_back("http://127.0.0.1:" + std::to_string(port) + "/model?compact=1");
  std::string output;
  return run_program(argv, output) == 0 ? output : std::string();
}

void require_browser() {
  for (const char* needed : {LIVE_PAGE_PYTHON, "/usr/bin/chromium", "/usr/bin/chromedriver"}) {
    ASSERT_TRUE(std::filesystem::exists(needed))
        << needed << " is missing: scripts/install-deps.sh installs chromium, chromium-driver and "
        << "python3-selenium";
  }
}

// Drives the page of an engine started from the default config with `overrides`; `token` is
// passed to the driver when the engine asks for one.
void drive_and_check(const std::vector<std::string>& overrides, const std::string& token,
                     const std::string& screenshot_name) {
  TempDir work;
  std::vector<std::string> all = overrides;
  all.push_back("broker.config.endpoints=[\"inproc://event-engine\",\"tcp://127.0.0.1:" +
                std::to_string(free_port()) + "\"]");
  EngineInstance engine(work.path(), "config/default.json", all);
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();

  const std::filesystem::path screenshot =
      std::filesystem::path(test_paths::binary_dir) / "test-artifacts" / screenshot_name;
  std::filesystem::create_directories(screenshot.parent_path());
  std::filesystem::remove(screenshot);
  std::string output;
  std::vector<std::string> argv = {LIVE_PAGE_PYTHON, test_paths::live_page_driver,
                                   "http://127.0.0.1:" + std::to_string(engine.http_port()) + "/",
                                   screenshot.string()};
  if (!token.empty()) argv.push_back(token);
  const int exit_code = run_program(argv, output, std::chrono::seconds(60));
  EXPECT_EQ(exit_code, 0) << output << "\nengine log:\n" << engine.log();
  EXPECT_NE(output.find("live page: all checks passed"), std::string::npos) << output;
  EXPECT_TRUE(std::filesystem::exists(screenshot)) << output;

  const std::string model = run_curl_model(engine.http_port(), token);
  ASSERT_FALSE(model.empty());
  const nlohmann::json summary = nlohmann::json::parse(model);
  EXPECT_EQ(summary.at("n"), 3) << summary.dump();
  EXPECT_EQ(summary.at("w"), 3) << summary.dump();
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(LivePage, ClickingWThreeTimesShowsTheNewCountAndANewPlotInChromium) {
  require_browser();
  drive_and_check({}, "", "live_page.png");
}

TEST(LivePage, WithABearerTokenThePageSaysHowToGiveItAndThenWorksWithIt) {
  require_browser();
  const std::string token = "live-page-test-token";
  ::setenv("EVENT_ENGINE_LIVE_PAGE_TOKEN", token.c_str(), 1);
  drive_and_check({"http.auth.token_env=EVENT_ENGINE_LIVE_PAGE_TOKEN", "http.auth.protect_reads=true"}, token,
                  "live_page_with_token.png");
}

}  // namespace
}  // namespace event_engine::testing
