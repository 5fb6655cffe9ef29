// The live page (GET /) in a real browser: the default pipeline runs, drive_live_page.py loads the
// page in headless Chromium, clicks `w` three times and checks n and the plot; the engine must
// then have applied exactly those three events. On config/keyed.json the driver pages through,
// searches and ticks the keys panel, and shows an experiment in the experiment panel. The
// screenshots are kept as test artifacts.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "time_scale.hpp"

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

// Runs drive_live_page.py on the engine's page with `arguments` before and after the page's
// address and the screenshot's path; it must pass all its checks and leave the screenshot, kept
// under the build's test-artifacts/.
void run_driver(const EngineInstance& engine, const std::vector<std::string>& before,
                const std::string& screenshot_name, const std::vector<std::string>& after) {
  const std::filesystem::path screenshot =
      std::filesystem::path(test_paths::binary_dir) / "test-artifacts" / screenshot_name;
  std::filesystem::create_directories(screenshot.parent_path());
  std::filesystem::remove(screenshot);
  std::vector<std::string> argv = {LIVE_PAGE_PYTHON, test_paths::live_page_driver};
  argv.insert(argv.end(), before.begin(), before.end());
  argv.push_back("http://127.0.0.1:" + std::to_string(engine.http_port()) + "/");
  argv.push_back(screenshot.string());
  argv.insert(argv.end(), after.begin(), after.end());
  std::string output;
  // Above the driver's own deadline (45 s, scaled the same way).
  const int exit_code = run_program(argv, output, scaled(std::chrono::seconds(60)));
  EXPECT_EQ(exit_code, 0) << output << "\nengine log:\n" << engine.log();
  EXPECT_NE(output.find("live page: all checks passed"), std::string::npos) << output;
  EXPECT_TRUE(std::filesystem::exists(screenshot)) << output;
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

  run_driver(engine, {}, screenshot_name, token.empty() ? std::vector<std::string>{} : std::vector{token});

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

// One event of config/keyed.json, keyed experiment/variant.
std::string keyed_event(const std::string& experiment, const std::string& variant, bool converted) {
  return nlohmann::json{{"experiment", experiment}, {"variant", variant}, {"converted", converted}}.dump();
}

// Waits, bounded, until the keyed table as a whole has taken `n` events.
bool wait_for_total(int port, int n) {
  const auto deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(20));
  while (std::chrono::steady_clock::now() < deadline) {
    const HttpReply reply = http_get(port, "/model?compact=1");
    if (reply.status == 200 && nlohmann::json::parse(reply.body).value("n", -1) == n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

TEST(LivePage, TheKeysPanelListsSearchesAndPlotsTheTickedKeysInChromium) {
  require_browser();
  TempDir work;
  // config/keyed.json's broker is inproc: only the HTTP port needs to be free.
  EngineInstance engine(work.path(), "config/keyed.json", {});
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();

  // Each named key has its own n, so a miscounted or swapped row shows; one key is markup, which
  // the page must show as text; the traffic/ keys fill more than the panel's first page.
  std::map<std::string, int> counts = {
      {"checkout/A", 4}, {"checkout/B", 6}, {"checkout/C", 2}, {"search/A", 3}, {"search/<i>B</i>", 5}};
  for (int i = 0; i < 60; ++i) counts["traffic/k" + std::to_string(10 + i)] = i % 4 + 1;
  std::string body;
  int total = 0;
  for (const auto& [key, n] : counts) {
    const std::size_t slash = key.find('/');
    for (int i = 0; i < n; ++i)
      body += keyed_event(key.substr(0, slash), key.substr(slash + 1), i % 3 != 0) + "\n";
    total += n;
  }
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events", body).status, 202);
  ASSERT_TRUE(wait_for_total(engine.http_port(), total)) << engine.log();

  const nlohmann::json plan = {{"keys", counts},
                               {"search", "checkout/"},
                               {"tick", {"checkout/B", "checkout/C"}},
                               {"event", keyed_event("checkout", "B", true)}};
  run_driver(engine, {"--keys"}, "live_page_keys.png", {plan.dump()});

  // The driver's one event went to checkout/B alone.
  const HttpReply checkout = http_get(engine.http_port(), "/keys?prefix=checkout/");
  ASSERT_EQ(checkout.status, 200) << checkout.body;
  const nlohmann::json page = nlohmann::json::parse(checkout.body);
  ASSERT_EQ(page["keys"].size(), 3u) << page;
  EXPECT_EQ(page["keys"][0]["n"], 4) << page;
  EXPECT_EQ(page["keys"][1]["n"], 7) << page;
  EXPECT_EQ(page["keys"][2]["n"], 2) << page;
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

// `count` events of one variant of config/keyed.json, `converted` of them spread evenly.
std::vector<std::string> variant_events(const std::string& variant, int count, int converted) {
  std::vector<std::string> events;
  for (int i = 0; i < count; ++i)
    events.push_back(keyed_event("checkout", variant, (i + 1) * converted / count > i * converted / count));
  return events;
}

double metric(const EngineInstance& engine, const std::string& name) {
  return metric_value(http_get(engine.http_port(), "/metrics").body, name);
}

TEST(LivePage, TheExperimentPanelShowsTheVariantsTheirSrmPlotsAndDecisionsInChromium) {
  require_browser();
  TempDir work;
  // min_n: the rule may only decide once C, the last to get its events, has them all; one heavy
  // read at a time, so that a page that overlaps its reads meets 429s, counted below.
  EngineInstance engine(work.path(), "config/keyed.json",
                        {R"(process.decisions={"every_ms": 50, "rules": [{"name": "checkout-winner", )"
                         R"("prefix": "checkout/", "p_best_at_least": 0.95, "min_n": 200}]})",
                         "http.max_concurrent_queries=1"});
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();

  // B converts best (15% against A's 5% and C's 9%: P(best) about 0.98); C has half the others'
  // traffic, a sample ratio mismatch against an equal split. Interleaved, so that every batch the
  // pipeline applies keeps these proportions.
  const std::vector<std::string> a = variant_events("A", 400, 20);
  const std::vector<std::string> b = variant_events("B", 400, 60);
  const std::vector<std::string> c = variant_events("C", 200, 18);
  std::string body;
  for (std::size_t i = 0; i < c.size(); ++i)
    body += a[2 * i] + "\n" + a[2 * i + 1] + "\n" + b[2 * i] + "\n" + b[2 * i + 1] + "\n" + c[i] + "\n";
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events", body).status, 202);
  ASSERT_TRUE(wait_for_total(engine.http_port(), 1000)) << engine.log();

  const nlohmann::json plan = {{"prefix", "checkout/"},
                               {"variants",
                                {{"checkout/A", {{"n", 400}, {"w", 20}}},
                                 {"checkout/B", {{"n", 400}, {"w", 60}}},
                                 {"checkout/C", {{"n", 200}, {"w", 18}}}}},
                               {"baseline", "checkout/A"},
                               {"best", "checkout/B"},
                               {"other", "checkout/C"},
                               {"decision", "checkout-winner#1"},
                               {"event", keyed_event("checkout", "C", false)}};
  run_driver(engine, {"--experiment"}, "live_page_experiment.png", {plan.dump()});

  // The page never had two heavy reads running at once.
  EXPECT_EQ(metric(engine, "event_engine_http_busy_total"), 0);
  // The decision went out through the broker to its own topic, which the pipeline does not
  // consume: the one message the zmq receiver ignored, no event refused, C's one more event applied.
  const nlohmann::json decisions = nlohmann::json::parse(http_get(engine.http_port(), "/decisions").body);
  ASSERT_EQ(decisions["decisions"].size(), 1u) << decisions;
  EXPECT_EQ(decisions["decisions"][0]["key"], "checkout/B");
  EXPECT_EQ(decisions["decisions"][0]["published"], true);
  EXPECT_EQ(metric(engine, "event_engine_zmq_unknown_topic_total"), 1);
  EXPECT_EQ(metric(engine, "event_engine_events_rejected_total"), 0);
  EXPECT_TRUE(wait_for_total(engine.http_port(), 1001)) << engine.log();
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
