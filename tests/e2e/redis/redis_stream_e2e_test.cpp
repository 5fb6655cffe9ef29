// The seed's two services in stream mode (`--set broker.config.mode=stream`), where the engine goes
// past the seed: a subscriber killed with SIGKILL mid-stream, Redis restarted mid-stream, and two
// subscribers sharing one consumer group. In every case the models end up with each published trial
// applied exactly once.
#include <gtest/gtest.h>

#include <csignal>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

std::vector<std::string> stream_subscriber_overrides(const RedisServer& redis,
                                                     std::vector<std::string> more = {}) {
  std::vector<std::string> overrides = {"broker.config.mode=stream", "broker.config.claim_idle_ms=1000",
                                        "process.visualisers=[]"};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return redis_overrides(redis, true, overrides);
}

class RedisStreamServices : public ::testing::Test {
 protected:
  explicit RedisStreamServices(RedisServerOptions options = {}) : redis_(std::move(options)) {}

  EngineInstance make_subscriber(const std::filesystem::path& work, std::vector<std::string> more = {}) {
    return EngineInstance(work, "config/bayes-subscriber.json",
                          stream_subscriber_overrides(redis_, std::move(more)));
  }

  bool wait_for_settled(std::chrono::milliseconds patience = std::chrono::seconds(60)) {
    return wait_until([&] { return stream_settled(redis_); }, patience);
  }

  RedisServer redis_;
  TempDir publisher_dir_;
  EngineInstance publisher_{publisher_dir_.path(), "config/api-publisher.json",
                            redis_overrides(redis_, false, {"broker.config.mode=stream"})};
};

TEST_F(RedisStreamServices, ASubscriberKilledThreeTimesMidStreamCountsEveryTrialExactlyOnce) {
  constexpr std::int64_t total = 100000;
  constexpr std::int64_t chunk = 25000;
  TempDir subscriber_dir;
  // Small batches and frequent checkpoints, so that each kill lands with work applied but not yet
  // checkpointed, or checkpointed but not yet acknowledged.
  EngineInstance subscriber = make_subscriber(
      subscriber_dir.path(),
      {"process.max_batch=500", "process.checkpoint.every_events=2000", "process.checkpoint.every_ms=50"});
  ASSERT_TRUE(publisher_.start()) << publisher_.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();

  for (std::int64_t published = 0; published < total; published += chunk) {
    const std::int64_t before = std::max<std::int64_t>(applied_n(subscriber), 0);
    ASSERT_TRUE(post_trials(publisher_, published, published + chunk, 5000)) << publisher_.log();
    if (published + chunk == total) break;
    ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) > before; })) << subscriber.log();
    subscriber.kill();
    ASSERT_TRUE(subscriber.start()) << subscriber.log();
  }

  ASSERT_TRUE(wait_for_settled()) << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n"), total) << subscriber.log();
  EXPECT_EQ(summary.at("w"), successes_before(total));
  EXPECT_EQ(summary.at("l"), total - successes_before(total));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  EXPECT_EQ(redis_.cli({"HGET", "event-engine:checkpoint:model", "n"}), std::to_string(total));
}

TEST_F(RedisStreamServices, TwoSubscribersInOneGroupShareTheStream) {
  constexpr std::int64_t total = 20000;
  TempDir one_dir;
  TempDir two_dir;
  EngineInstance one = make_subscriber(
      one_dir.path(),
      {"broker.config.consumer=bayes-1", "process.checkpoint.key=bayes-1", "broker.config.read_count=50"});
  EngineInstance two = make_subscriber(
      two_dir.path(),
      {"broker.config.consumer=bayes-2", "process.checkpoint.key=bayes-2", "broker.config.read_count=50"});
  ASSERT_TRUE(one.start()) << one.log();
  ASSERT_TRUE(two.start()) << two.log();
  ASSERT_TRUE(publisher_.start()) << publisher_.log();
  ASSERT_TRUE(post_trials(publisher_, 0, total, 100));

  ASSERT_TRUE(wait_for_settled()) << one.log() << two.log();
  const nlohmann::json first = model_summary(one);
  const nlohmann::json second = model_summary(two);
  EXPECT_GT(first.at("n").get<std::int64_t>(), 0) << "both make progress";
  EXPECT_GT(second.at("n").get<std::int64_t>(), 0) << "both make progress";
  EXPECT_EQ(first.at("n").get<std::int64_t>() + second.at("n").get<std::int64_t>(), total);
  EXPECT_EQ(first.at("w").get<std::int64_t>() + second.at("w").get<std::int64_t>(), successes_before(total));
  ASSERT_EQ(one.stop(), std::optional<int>(0)) << one.log();
  ASSERT_EQ(two.stop(), std::optional<int>(0)) << two.log();
  EXPECT_EQ(std::stoll(redis_.cli({"HGET", "event-engine:checkpoint:bayes-1", "n"})) +
                std::stoll(redis_.cli({"HGET", "event-engine:checkpoint:bayes-2", "n"})),
            total);
}

class RedisStreamServicesWithAppendOnly : public RedisStreamServices {
 protected:
  RedisStreamServicesWithAppendOnly() : RedisStreamServices({.appendonly = true, .extra_arguments = {}}) {}
};

TEST_F(RedisStreamServicesWithAppendOnly, RedisRestartedMidStreamLosesNothing) {
  TempDir subscriber_dir;
  EngineInstance subscriber = make_subscriber(subscriber_dir.path(), {"process.max_batch=1000"});
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(publisher_.start()) << publisher_.log();
  ASSERT_TRUE(post_trials(publisher_, 0, 30000, 10000));
  // Stopped while the subscriber is still working through what was just published.
  redis_.stop();
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 503)) << subscriber.log();
  EXPECT_TRUE(wait_for_status(publisher_.http_port(), "/readyz", 503)) << publisher_.log();
  EXPECT_EQ(http_get(publisher_.http_port(), "/update_model/w").status, 503);
  EXPECT_EQ(http_get(subscriber.http_port(), "/healthz").status, 200) << "the engine keeps running";

  redis_.start();
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 200)) << subscriber.log();
  EXPECT_TRUE(wait_for_status(publisher_.http_port(), "/readyz", 200)) << publisher_.log();
  ASSERT_TRUE(post_trials(publisher_, 30000, 40000, 10000)) << publisher_.log();

  ASSERT_TRUE(wait_for_settled()) << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n"), 40000) << subscriber.log();
  EXPECT_EQ(summary.at("w"), successes_before(40000));
  const std::string log = subscriber.log();
  EXPECT_NE(log.find("reconnected"), std::string::npos) << log;
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << log;
}

}  // namespace
}  // namespace event_engine::testing
