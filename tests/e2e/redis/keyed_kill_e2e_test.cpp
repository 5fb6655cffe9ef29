// A keyed engine on a Redis stream, killed with SIGKILL while some of what it applied is
// checkpointed and some is not (held pending in the stream's group), then started again: every key
// ends exactly as its events say, nothing lost and nothing applied twice. The state at the kill is
// asserted, not assumed: the checkpoint covers the first part, the stream holds the rest pending.
#include <gtest/gtest.h>

#include <map>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

constexpr int key_count = 50;

// Event i goes to key k<i % 50>, a success when i % 7 < 3.
std::string keyed_trial(std::int64_t i) {
  return "k" + std::to_string(i % key_count) + ":" + (i % 7 < 3 ? "w" : "l");
}

bool post_keyed_trials(const EngineInstance& engine, std::int64_t from, std::int64_t to) {
  for (std::int64_t start = from; start < to; start += 1000) {
    std::string body;
    for (std::int64_t i = start; i < std::min(to, start + 1000); ++i) body += keyed_trial(i) + "\n";
    if (http_post(engine.http_port(), "/events?topic=update_model", body).status != 202) return false;
  }
  return true;
}

TEST(KeyedStreamSubscriber, KilledWithAppliedEventsNotCheckpointedEndsExactPerKey) {
  constexpr std::int64_t checkpointed = 10000;
  constexpr std::int64_t total = 17000;
  RedisServer redis;
  TempDir work;
  EngineInstance engine(
      work.path(), "config/redis-stream.json",
      keyed_text_overrides(
          redis, {"broker.config.claim_idle_ms=600000", "process.visualisers=[]", "process.max_batch=1000",
                  "process.checkpoint.every_events=" + std::to_string(checkpointed),
                  "process.checkpoint.every_ms=600000"}));
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();

  // The first part reaches the checkpoint's trigger: saved, and acknowledged in the stream.
  ASSERT_TRUE(post_keyed_trials(engine, 0, checkpointed)) << engine.log();
  ASSERT_TRUE(wait_until([&] {
    return redis.cli({"HGET", "event-engine:checkpoint:model", "n"}) == std::to_string(checkpointed) &&
           stream_pending(redis) == 0;
  })) << engine.log();
  // The rest is applied and stays pending: below the trigger, and the timer ten minutes away.
  ASSERT_TRUE(post_keyed_trials(engine, checkpointed, total)) << engine.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == total; })) << engine.log();
  ASSERT_TRUE(stream_all_delivered(redis));

  // The state at the kill: applied 17,000, checkpointed 10,000, 7,000 pending.
  EXPECT_EQ(redis.cli({"HGET", "event-engine:checkpoint:model", "n"}), std::to_string(checkpointed));
  ASSERT_EQ(stream_pending(redis), total - checkpointed);
  engine.kill();

  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == total; }, std::chrono::seconds(30)))
      << "n = " << applied_n(engine) << "\n"
      << engine.log();
  std::map<std::string, std::pair<int, int>> expected;
  for (std::int64_t i = 0; i < total; ++i) {
    auto& [w, l] = expected["k" + std::to_string(i % key_count)];
    (i % 7 < 3 ? w : l) += 1;
  }
  for (const auto& [key, counts] : expected) {
    const HttpReply reply = http_get(engine.http_port(), "/model?compact=1&key=" + key);
    ASSERT_EQ(reply.status, 200) << key << ": " << reply.body;
    const nlohmann::json summary = nlohmann::json::parse(reply.body);
    EXPECT_EQ(summary.at("w"), counts.first) << key;
    EXPECT_EQ(summary.at("l"), counts.second) << key;
  }
  EXPECT_EQ(model_summary(engine).at("keys"), key_count);

  // Stopped, the final checkpoint covers everything and nothing stays pending.
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  EXPECT_EQ(stream_pending(redis), 0);
  EXPECT_EQ(redis.cli({"HGET", "event-engine:checkpoint:model", "n"}), std::to_string(total));
}

}  // namespace
}  // namespace event_engine::testing
