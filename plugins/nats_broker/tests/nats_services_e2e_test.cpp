// The shipped NATS configs against one real nats-server: core mode end to end; JetStream with the
// subscriber killed by SIGKILL three times mid-stream; two subscribers sharing the stream by
// partitions. In the JetStream cases every published trial is applied exactly once.
#include <gtest/gtest.h>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

class NatsServices : public ::testing::Test {
 protected:
  EngineInstance make_subscriber(const std::filesystem::path& work, std::vector<std::string> more = {}) {
    more.push_back("process.visualisers=[]");
    return EngineInstance(work, "config/nats-bayes-subscriber.json", nats_overrides(nats_.url(), true, more));
  }

  NatsServer nats_;
  TempDir publisher_dir_;
};

TEST_F(NatsServices, CoreModeCarriesTrialsToALiveSubscriber) {
  TempDir subscriber_dir;
  EngineInstance subscriber = make_subscriber(subscriber_dir.path(), {"broker.config.mode=core"});
  EngineInstance publisher(publisher_dir_.path(), "config/nats-api-publisher.json",
                           nats_overrides(nats_.url(), false, {"broker.config.mode=core"}));
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(publisher.start()) << publisher.log();
  // Core NATS keeps nothing for a subscription still on its way: probe until one trial arrives.
  ASSERT_TRUE(wait_until([&] {
    EXPECT_EQ(http_get(publisher.http_port(), "/update_model/w").status, 201);
    return applied_n(subscriber) > 0;
  })) << subscriber.log();
  ASSERT_TRUE(wait_until([&] {
    const std::int64_t before = applied_n(subscriber);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return applied_n(subscriber) == before;
  }));
  const nlohmann::json probes = model_summary(subscriber);
  ASSERT_TRUE(post_trials(publisher, 0, 20000, 5000)) << publisher.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == probes.at("n").get<std::int64_t>() + 20000; }))
      << subscriber.log();
  EXPECT_EQ(model_summary(subscriber).at("w").get<std::int64_t>(),
            probes.at("w").get<std::int64_t>() + successes_before(20000));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

TEST_F(NatsServices, JetStreamSubscriberKilledThreeTimesCountsEveryTrialExactlyOnce) {
  constexpr std::int64_t total = 100000;
  constexpr std::int64_t chunk = 25000;
  TempDir subscriber_dir;
  // Small batches inside the 1000-event messages and frequent checkpoints, so that each kill lands
  // inside a message, with work applied but not checkpointed, or checkpointed but not acknowledged.
  EngineInstance subscriber = make_subscriber(
      subscriber_dir.path(),
      {"process.max_batch=700", "process.checkpoint.every_events=2000", "process.checkpoint.every_ms=50"});
  EngineInstance publisher(publisher_dir_.path(), "config/nats-api-publisher.json",
                           nats_overrides(nats_.url(), false));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();

  for (std::int64_t published = 0; published < total; published += chunk) {
    const std::int64_t before = std::max<std::int64_t>(applied_n(subscriber), 0);
    ASSERT_TRUE(post_trials(publisher, published, published + chunk, 5000)) << publisher.log();
    if (published + chunk == total) break;
    ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) > before; })) << subscriber.log();
    subscriber.kill();
    ASSERT_TRUE(subscriber.start()) << subscriber.log();
  }

  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) >= total; }, std::chrono::seconds(60)))
      << subscriber.log();
  EXPECT_EQ(nats_plugin_test::read_stream(nats_.url(), "update_model").events,
            static_cast<std::uint64_t>(total));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  // Started again from its checkpoint: still every trial once, nothing replayed on top.
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n"), total) << subscriber.log();
  EXPECT_EQ(summary.at("w"), successes_before(total));
  EXPECT_EQ(summary.at("l"), total - successes_before(total));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

TEST_F(NatsServices, TwoSubscribersOwningOnePartitionEachShareTheStreamExactly) {
  constexpr std::int64_t total = 50000;
  TempDir zero_dir;
  TempDir one_dir;
  EngineInstance zero = make_subscriber(
      zero_dir.path(), {"broker.config.partitions=2", "broker.config.partition=0",
                        "process.checkpoint.key=bayes-0", R"(process.group={"prefix": "bayes-"})"});
  EngineInstance one = make_subscriber(
      one_dir.path(), {"broker.config.partitions=2", "broker.config.partition=1",
                       "process.checkpoint.key=bayes-1", R"(process.group={"prefix": "bayes-"})"});
  EngineInstance publisher(publisher_dir_.path(), "config/nats-api-publisher.json",
                           nats_overrides(nats_.url(), false, {"broker.config.partitions=2"}));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(zero.start()) << zero.log();
  ASSERT_TRUE(one.start()) << one.log();
  ASSERT_TRUE(post_trials(publisher, 0, total, 2500)) << publisher.log();

  ASSERT_TRUE(wait_until([&] { return applied_n(zero) + applied_n(one) >= total; }, std::chrono::seconds(60)))
      << zero.log() << one.log();
  // The group's view merges the members' checkpoints from the nats_kv bucket: exact on either member
  // once both have checkpointed what they applied (within process.checkpoint.every_ms).
  const auto group_of = [](const EngineInstance& engine) {
    const HttpReply reply = http_get(engine.http_port(), "/model?scope=group&compact=1");
    return reply.status == 200 ? nlohmann::json::parse(reply.body) : nlohmann::json::object();
  };
  for (const EngineInstance* member : {&zero, &one}) {
    ASSERT_TRUE(wait_until([&] { return group_of(*member).value("n", std::int64_t{-1}) == total; },
                           std::chrono::seconds(10)))
        << group_of(*member).dump();
    const nlohmann::json group = group_of(*member);
    EXPECT_EQ(group.at("w"), successes_before(total));
    ASSERT_EQ(group.at("members").size(), 2u) << group.dump();
    for (const nlohmann::json& entry : group.at("members")) {
      EXPECT_GT(entry.at("n").get<std::int64_t>(), 0) << entry.dump();
      EXPECT_FALSE(entry.at("age_ms").is_null()) << entry.dump();
    }
  }
  const nlohmann::json first = model_summary(zero);
  const nlohmann::json second = model_summary(one);
  EXPECT_GT(first.at("n").get<std::int64_t>(), 0);
  EXPECT_GT(second.at("n").get<std::int64_t>(), 0);
  EXPECT_EQ(first.at("n").get<std::int64_t>() + second.at("n").get<std::int64_t>(), total);
  EXPECT_EQ(first.at("w").get<std::int64_t>() + second.at("w").get<std::int64_t>(), successes_before(total));
  ASSERT_EQ(zero.stop(), std::optional<int>(0)) << zero.log();
  ASSERT_EQ(one.stop(), std::optional<int>(0)) << one.log();
}

}  // namespace
}  // namespace event_engine::testing
