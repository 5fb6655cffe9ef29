// The shipped NATS configs against one real nats-server: core mode end to end; JetStream with the
// subscriber killed by SIGKILL at each risky moment; two subscribers sharing the stream by
// partitions. In the JetStream cases every published trial is applied exactly once.
#include <gtest/gtest.h>

#include <csignal>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

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

// The number that follows `label` in `text`, or -1.
std::int64_t number_after(const std::string& text, const std::string& label) {
  const std::size_t at = text.find(label);
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + label.size()));
}

// Each kill lands at the moment it names (event_engine/kill_point.hpp), and the test checks what
// the engine held when it died: applied events that no checkpoint covers, or a saved checkpoint
// whose messages the consumer had not acknowledged.
TEST_F(NatsServices, JetStreamSubscriberKilledAtEachRiskyMomentCountsEveryTrialExactlyOnce) {
  constexpr std::int64_t total = 100000;
  constexpr std::int64_t chunk = 25000;
  TempDir subscriber_dir;
  // Small batches inside the 1000-event messages, and a checkpoint every 2000 events (by count
  // only): a kill lands inside a message, and each checkpoint covers at least one more whole
  // message than the one before. A pipeline that outruns its saves coalesces them, so the kills
  // come at the first save or the n-th batch after a start, which every run reaches.
  EngineInstance subscriber =
      make_subscriber(subscriber_dir.path(), {"process.max_batch=700", "process.checkpoint.every_events=2000",
                                              "process.checkpoint.every_ms=600000"});
  EngineInstance publisher(publisher_dir_.path(), "config/nats-api-publisher.json",
                           nats_overrides(nats_.url(), false));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  const auto died_of_the_fault = [&] {
    const std::optional<int> exit_code = subscriber.wait(scaled(std::chrono::seconds(60)));
    return exit_code == std::optional<int>(128 + SIGKILL) && !subscriber.kill_point_line().empty();
  };

  const std::string kills[] = {"applied:7", "checkpoint_saved:1", "applied:13"};
  for (std::int64_t round = 0; round < 3; ++round) {
    const std::string& kill_at = kills[round];
    SCOPED_TRACE(kill_at);
    const std::int64_t published = round * chunk;
    ASSERT_TRUE(post_trials(publisher, published, published + chunk, 5000)) << publisher.log();
    subscriber.start_to_die_at(kill_at);
    ASSERT_TRUE(died_of_the_fault()) << subscriber.log();
    const std::string fault = subscriber.kill_point_line();
    if (kill_at.starts_with("applied")) {
      EXPECT_GT(number_after(fault, "; "), 0) << "applied events in no checkpoint: " << fault;
    } else {
      // "S" or "S:K": the last message the saved checkpoint covers whole is S, or S - 1.
      const std::int64_t sequence = number_after(fault, "position ");
      const bool partial = fault.find(std::to_string(sequence) + ":") != std::string::npos;
      EXPECT_LT(nats_plugin_test::acknowledged_through(nats_.url(), "update_model", "event-engine-p0"),
                static_cast<std::uint64_t>(sequence - (partial ? 1 : 0)))
          << "the saved checkpoint's messages were not yet acknowledged: " << fault;
    }
  }

  ASSERT_TRUE(post_trials(publisher, 3 * chunk, total, 5000)) << publisher.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) >= total; }, scaled(std::chrono::seconds(60))))
      << subscriber.log();
  EXPECT_EQ(nats_plugin_test::read_stream(nats_.url(), "update_model").events,
            static_cast<std::uint64_t>(total));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  // Started again from its checkpoint: nothing replayed on top. One more trial, published after
  // everything else, arrives after whatever would have been replayed: once it is applied, n says.
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(post_trials(publisher, total, total + 1, 1)) << publisher.log();
  ASSERT_TRUE(
      wait_until([&] { return applied_n(subscriber) >= total + 1; }, scaled(std::chrono::seconds(30))))
      << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n"), total + 1) << subscriber.log();
  EXPECT_EQ(summary.at("w"), successes_before(total + 1));
  EXPECT_EQ(summary.at("l"), total + 1 - successes_before(total + 1));
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
