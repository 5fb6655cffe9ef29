// The seed's two services in stream mode (`--set broker.config.mode=stream`), where the engine goes
// past the seed: a subscriber killed with SIGKILL at each risky moment, Redis restarted mid-stream, and two
// subscribers sharing one consumer group. In every case the models end up with each published trial
// applied exactly once.
#include <gtest/gtest.h>

#include <csignal>

#include "redis_services.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

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

// The number that follows `label` in `text`, or -1.
std::int64_t number_after(const std::string& text, const std::string& label) {
  const std::size_t at = text.find(label);
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + label.size()));
}

// Each kill lands at the moment it names (event_engine/kill_point.hpp), and the test checks what
// the engine held when it died: applied events no checkpoint covers; a saved checkpoint whose
// entries Redis still holds as pending (not acknowledged); a checkpoint half written (MULTI sent,
// EXEC not). After each, the restarted engine must neither lose nor apply twice.
TEST_F(RedisStreamServices, ASubscriberKilledAtEachRiskyMomentCountsEveryTrialExactlyOnce) {
  constexpr std::int64_t total = 100000;
  constexpr std::int64_t chunk = 25000;
  TempDir subscriber_dir;
  EngineInstance subscriber = make_subscriber(
      subscriber_dir.path(),
      {"process.max_batch=500", "process.checkpoint.every_events=2000", "process.checkpoint.every_ms=50"});
  ASSERT_TRUE(publisher_.start()) << publisher_.log();
  const auto checkpointed_n = [&] {
    const std::string n = redis_.cli({"HGET", "event-engine:checkpoint:model", "n"});
    return n.empty() ? std::int64_t{0} : std::stoll(n);
  };
  const auto died_of_the_fault = [&] {
    const std::optional<int> exit_code = subscriber.wait(scaled(std::chrono::seconds(60)));
    return exit_code == std::optional<int>(128 + SIGKILL) && !subscriber.kill_point_line().empty();
  };

  // After a batch is applied, before any checkpoint covers it.
  ASSERT_TRUE(post_trials(publisher_, 0, chunk, 5000)) << publisher_.log();
  subscriber.start_to_die_at("applied:7");
  ASSERT_TRUE(died_of_the_fault()) << subscriber.log();
  const std::int64_t applied = number_after(subscriber.kill_point_line(), "applied: ");
  EXPECT_GT(applied, 0) << subscriber.kill_point_line();
  EXPECT_LT(checkpointed_n(), applied) << "some applied events were in no checkpoint when it died";

  // After a checkpoint is saved, before the broker acknowledges what it covers.
  ASSERT_TRUE(post_trials(publisher_, chunk, 2 * chunk, 5000)) << publisher_.log();
  subscriber.start_to_die_at("checkpoint_saved:1");
  ASSERT_TRUE(died_of_the_fault()) << subscriber.log();
  EXPECT_NE(subscriber.kill_point_line().find("not yet committed to the broker"), std::string::npos)
      << subscriber.kill_point_line();
  EXPECT_GT(stream_pending(redis_), 0) << "the saved checkpoint's entries were still pending";

  // During a checkpoint's write: Redis holds MULTI and the new hash queued, and never gets EXEC.
  ASSERT_TRUE(post_trials(publisher_, 2 * chunk, 3 * chunk, 5000)) << publisher_.log();
  subscriber.start_to_die_at("checkpoint_writing:1");
  ASSERT_TRUE(died_of_the_fault()) << subscriber.log();
  const std::int64_t being_written = number_after(subscriber.kill_point_line(), "(n ");
  EXPECT_GT(being_written, 0) << subscriber.kill_point_line();
  EXPECT_LT(checkpointed_n(), being_written) << "the half-written checkpoint was not saved";

  ASSERT_TRUE(post_trials(publisher_, 3 * chunk, total, 5000)) << publisher_.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
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
