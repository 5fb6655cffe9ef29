// Keys that leave: removed by an operator (DELETE /keys, `event-engine keys remove`) or dropped for
// idleness (process.keys.idle_expiry), through the real binary with config/keyed.json. Each drop
// takes the key's state out of the answers, the metrics and the checkpoint, and lasts across a
// restart.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

std::string event(const std::string& experiment, const std::string& variant, bool converted) {
  return json{{"experiment", experiment}, {"variant", variant}, {"converted", converted}}.dump() + "\n";
}

class KeyLifecycle : public ::testing::Test {
 protected:
  json get_json(EngineInstance& engine, const std::string& path) {
    const HttpReply reply = http_get(engine.http_port(), path);
    return reply.status == 200 ? json::parse(reply.body)
                               : json{{"status", reply.status}, {"body", reply.body}};
  }

  void post(EngineInstance& engine, const std::string& events) {
    ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events", events).status, 202);
  }

  // Waits, bounded, until GET `path` answers `field` == `expected`.
  bool wait_for(EngineInstance& engine, const std::string& path, const std::string& field,
                const json& expected) {
    for (int attempt = 0; attempt < 800; ++attempt) {
      if (get_json(engine, path).value(field, json()) == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  double metric(EngineInstance& engine, const std::string& name) {
    return metric_value(http_get(engine.http_port(), "/metrics").body, name);
  }

  json stored_checkpoint() {
    std::ifstream file(work_.path() / "state" / "keyed.json");
    return json::parse(file, nullptr, false);
  }

  TempDir work_;
};

TEST_F(KeyLifecycle, DeleteRemovesAKeyAndItsStateAndARestartKeepsItRemoved) {
  EngineInstance engine(work_.path(), "config/keyed.json", {});
  ASSERT_TRUE(engine.start()) << engine.log();
  post(engine, event("checkout", "A", true) + event("checkout", "A", false) + event("checkout", "A", true) +
                   event("checkout", "B", true) + event("checkout", "B", true) + event("home", "A", false));
  ASSERT_TRUE(wait_for(engine, "/model?compact=1", "n", 6)) << engine.log();

  const HttpReply removed = http_delete(engine.http_port(), "/keys?key=checkout%2FB");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(json::parse(removed.body)["removed"], "checkout/B");
  // Gone at once from every answer: the key, the listing, the table's totals, the metrics.
  EXPECT_EQ(http_get(engine.http_port(), "/model?key=checkout/B").status, 404);
  const json keys = get_json(engine, "/keys");
  EXPECT_EQ(keys.value("total", -1), 2) << keys;
  const json table = get_json(engine, "/model?compact=1");
  EXPECT_EQ(table.value("n", -1), 4) << table;
  EXPECT_EQ(table.value("w", -1), 2) << table;
  EXPECT_EQ(metric(engine, "event_engine_keys"), 2);
  EXPECT_EQ(metric(engine, "event_engine_keys_removed_total"), 1);
  EXPECT_EQ(get_json(engine, "/model?key=checkout/A&compact=1").value("n", -1), 3);

  EXPECT_EQ(http_delete(engine.http_port(), "/keys?key=checkout%2FB").status, 404);
  EXPECT_EQ(http_delete(engine.http_port(), "/keys").status, 400);
  EXPECT_EQ(http_delete(engine.http_port(), "/keys?key=home%2FA&prefix=x").status, 400);

  // A removed key that comes back starts from the prior.
  post(engine, event("checkout", "B", false));
  ASSERT_TRUE(wait_for(engine, "/model?key=checkout/B&compact=1", "n", 1)) << engine.log();
  EXPECT_EQ(get_json(engine, "/model?key=checkout/B&compact=1").value("w", -1), 0);
  ASSERT_EQ(http_delete(engine.http_port(), "/keys?key=checkout%2FB").status, 200);

  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  const json checkpoint = stored_checkpoint();
  EXPECT_EQ(checkpoint["model"]["key_count"], 2) << checkpoint.dump().substr(0, 400);
  EXPECT_EQ(checkpoint["model"]["dropped"]["removed"], 2) << checkpoint.dump().substr(0, 400);
  ASSERT_TRUE(engine.start()) << engine.log();
  EXPECT_EQ(http_get(engine.http_port(), "/model?key=checkout/B").status, 404);
  EXPECT_EQ(get_json(engine, "/keys").value("total", -1), 2);
  EXPECT_EQ(get_json(engine, "/model?key=checkout/A&compact=1").value("w", -1), 2);
}

TEST_F(KeyLifecycle, KeysRemoveExitsZeroWhenRemovedOneWhenUnknownTwoWithoutKeys) {
  EngineInstance engine(work_.path(), "config/keyed.json", {});
  ASSERT_TRUE(engine.start()) << engine.log();
  post(engine, event("search", "A", true) + event("search", "B", false));
  ASSERT_TRUE(wait_for(engine, "/model?compact=1", "n", 2)) << engine.log();

  std::vector<std::string> remove = engine.command("keys");
  remove.insert(remove.begin() + 2, "remove");
  std::string output;
  std::vector<std::string> both = remove;
  both.push_back("search/A");
  both.push_back("search/B");
  EXPECT_EQ(run_program(both, output), 0) << output;
  EXPECT_NE(output.find("removed key \"search/B\""), std::string::npos) << output;
  EXPECT_EQ(get_json(engine, "/keys").value("total", -1), 0);

  std::vector<std::string> unknown = remove;
  unknown.push_back("search/A");
  EXPECT_EQ(run_program(unknown, output), 1) << output;
  EXPECT_NE(output.find("no key \"search/A\""), std::string::npos) << output;

  // A config without keys, and an engine that is not there, are usage errors.
  TempDir other;
  EngineInstance unkeyed(other.path(), "config/default.json", {});
  std::vector<std::string> not_keyed = unkeyed.command("keys");
  not_keyed.insert(not_keyed.begin() + 2, "remove");
  not_keyed.push_back("search/A");
  EXPECT_EQ(run_program(not_keyed, output), 2) << output;
  EXPECT_NE(output.find("/process/keys: expected a keyed pipeline"), std::string::npos) << output;
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  EXPECT_EQ(run_program(unknown, output), 2) << output;
  EXPECT_NE(output.find("cannot reach the engine"), std::string::npos) << output;
}

TEST_F(KeyLifecycle, IdleKeysExpireWhileBusyOnesStayAndTheCheckpointSaysWhatWasDropped) {
  EngineInstance engine(work_.path(), "config/keyed.json", {"process.keys.idle_expiry=2s"});
  ASSERT_TRUE(engine.start()) << engine.log();
  post(engine, event("old", "A", true) + event("old", "A", true) + event("busy", "B", false));
  ASSERT_TRUE(wait_for(engine, "/model?compact=1", "n", 3)) << engine.log();
  EXPECT_EQ(metric(engine, "event_engine_keys"), 2);

  // busy/B sees an event every 100 ms; old/A none. The sweep runs every second, so old/A goes 2
  // to 3 s after its last event; the bound is generous for a machine under sanitizers.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int busy_events = 1;
  bool expired = false;
  while (!expired && std::chrono::steady_clock::now() < deadline) {
    post(engine, event("busy", "B", true));
    ++busy_events;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    expired = http_get(engine.http_port(), "/model?key=old/A").status == 404;
  }
  ASSERT_TRUE(expired) << engine.log();
  ASSERT_TRUE(wait_for(engine, "/model?key=busy/B&compact=1", "n", busy_events)) << engine.log();
  EXPECT_EQ(get_json(engine, "/keys").value("total", -1), 1);
  EXPECT_EQ(metric(engine, "event_engine_keys"), 1);
  EXPECT_EQ(metric(engine, "event_engine_keys_expired_total"), 1);
  EXPECT_NE(engine.log().find("idle_expiry: dropped 1 keys"), std::string::npos) << engine.log();

  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  const json checkpoint = stored_checkpoint();
  EXPECT_EQ(checkpoint["model"]["dropped"]["expired"], 1) << checkpoint.dump().substr(0, 400);
  EXPECT_EQ(checkpoint["model"]["keys"], "busy/B\n");
  // One Unix time per key, recent.
  const std::string last_seen = checkpoint["model"].value("last_seen", "");
  ASSERT_FALSE(last_seen.empty()) << checkpoint.dump().substr(0, 400);
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  EXPECT_LE(now - std::stoll(last_seen), 60) << last_seen;

  // Back from the checkpoint: the expired key stays gone, and old/A starts from the prior.
  ASSERT_TRUE(engine.start()) << engine.log();
  EXPECT_EQ(http_get(engine.http_port(), "/model?key=old/A").status, 404);
  EXPECT_EQ(get_json(engine, "/model?key=busy/B&compact=1").value("n", -1), busy_events);
  post(engine, event("old", "A", false));
  ASSERT_TRUE(wait_for(engine, "/model?key=old/A&compact=1", "n", 1)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
