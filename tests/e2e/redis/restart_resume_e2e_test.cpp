// A subscriber in stream mode killed with SIGKILL and started again with the same config is the same
// consumer of the group (its default name derives from the host and the checkpoint key, not the
// pid), so it re-reads its own pending entries at once. claim_idle_ms is ten minutes here: an engine
// that came back as a new consumer would see none of them within the test's patience.
#include <gtest/gtest.h>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

TEST(RestartedStreamSubscriber, ResumesItsOwnPendingEntriesWithoutWaitingForClaimIdle) {
  constexpr std::int64_t total = 25000;
  RedisServer redis;
  TempDir publisher_dir;
  TempDir subscriber_dir;
  EngineInstance publisher(publisher_dir.path(), "config/api-publisher.json",
                           redis_overrides(redis, false, {"broker.config.mode=stream"}));
  // No checkpoint before the kill (its triggers are out of reach): with the old <host>-<pid> name the
  // restarted engine had no checkpoint position to find its predecessor by, so every entry stayed
  // pending under the dead name until claim_idle_ms.
  EngineInstance subscriber(
      subscriber_dir.path(), "config/bayes-subscriber.json",
      redis_overrides(redis, true,
                      {"broker.config.mode=stream", "broker.config.claim_idle_ms=600000",
                       "process.visualisers=[]", "process.max_batch=1000",
                       "process.checkpoint.every_events=1000000000", "process.checkpoint.every_ms=600000"}));
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(post_trials(publisher, 0, total, 5000)) << publisher.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == total; })) << subscriber.log();
  ASSERT_TRUE(stream_all_delivered(redis));
  ASSERT_EQ(stream_pending(redis), total) << "the kill must leave every entry pending";

  subscriber.kill();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == total; }, std::chrono::seconds(10)))
      << "n = " << applied_n(subscriber) << "\n"
      << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("w"), successes_before(total));
  EXPECT_EQ(summary.at("l"), total - successes_before(total));
  const std::string consumers = redis.cli({"XINFO", "CONSUMERS", "update_model", "event-engine"});
  EXPECT_EQ(consumers.find("name\n", consumers.find("name\n") + 1), std::string::npos)
      << "one consumer across the restart:\n"
      << consumers;
  EXPECT_NE(consumers.find("-model\n"), std::string::npos) << consumers;

  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  EXPECT_EQ(stream_pending(redis), 0);
  EXPECT_EQ(redis.cli({"HGET", "event-engine:checkpoint:model", "n"}), std::to_string(total));
}

}  // namespace
}  // namespace event_engine::testing
