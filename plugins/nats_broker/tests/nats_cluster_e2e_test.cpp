// A three-node NATS cluster (stream and bucket with three replicas) under the seed's two services:
// trials published over HTTP while the node the subscriber talks to is killed with SIGKILL and
// restarted, and while the subscriber itself is killed once, at a risky moment it names. Every trial the
// stream stored is applied exactly once; /readyz shows the outage; no 202 was answered for an event the
// stream lacks.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

// The client's share of the trials, in steps the test holds it at, so that each outage overlaps
// publishing whatever the speed of the machine.
enum class Step { before_node_outage, during_node_outage, during_subscriber_restart, done };

TEST(NatsCluster, ANodeAndTheSubscriberKilledMidStreamLoseAndRepeatNothing) {
  constexpr std::int64_t total = 1000000;
  constexpr std::int64_t per_request = 10000;
  constexpr std::int64_t step_ends[] = {total / 5, total / 2, total};
  NatsCluster cluster;
  TempDir publisher_dir;
  TempDir subscriber_dir;
  EngineInstance publisher(publisher_dir.path(), "config/nats-api-publisher.json",
                           nats_overrides(cluster.urls(), false, {"broker.config.replicas=3"}));
  // The subscriber uses node 0 only (not the nodes it announces), so that node's outage is its outage.
  EngineInstance subscriber(subscriber_dir.path(), "config/nats-bayes-subscriber.json",
                            nats_overrides(cluster.node(0).url(), true,
                                           {"broker.config.replicas=3", "process.store.config.replicas=3",
                                            "broker.config.ignore_discovered_servers=true",
                                            "process.store.config.ignore_discovered_servers=true",
                                            "process.visualisers=[]", "process.checkpoint.every_ms=100"}));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();

  std::atomic<int> finished_step{-1};  // the client posted every trial of this step
  std::atomic<int> allowed_step{0};    // the client may post this step
  std::atomic<bool> client_failed{false};
  std::int64_t accepted = 0;
  std::int64_t refused = 0;
  std::jthread client([&](std::stop_token stop) {
    std::int64_t from = 0;
    for (int step = 0; step < 3; ++step) {
      while (allowed_step.load() < step) {
        if (stop.stop_requested()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      const std::int64_t got = post_trials_counting(publisher, from, step_ends[step], per_request, refused);
      if (got < 0) {
        client_failed = true;
        return;
      }
      accepted += got;
      from = step_ends[step];
      finished_step = step;
    }
  });
  const auto step_finished = [&](int step) {
    return wait_until([&] { return finished_step.load() >= step || client_failed.load(); },
                      std::chrono::seconds(180));
  };

  ASSERT_TRUE(step_finished(0));
  cluster.node(0).kill();
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 503)) << subscriber.log();
  allowed_step = 1;  // published through nodes 1 and 2 while node 0 is down
  ASSERT_TRUE(step_finished(1));
  cluster.node(0).start(false);
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 200, std::chrono::seconds(30)))
      << subscriber.log();
  // One outage at a time: the subscriber is killed once the cluster is whole again, at a risky
  // moment it names (event_engine/kill_point.hpp): a checkpoint saved, its messages not yet
  // acknowledged, while the last step is being published.
  ASSERT_TRUE(wait_until([&] { return cluster.healthy(); }, std::chrono::seconds(60)));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  allowed_step = 2;  // published while the subscriber dies and starts again
  subscriber.start_to_die_at("checkpoint_saved:1");
  ASSERT_EQ(subscriber.wait(scaled(std::chrono::seconds(120))), std::optional<int>(128 + SIGKILL))
      << subscriber.log();
  EXPECT_NE(subscriber.kill_point_line().find("not yet committed to the broker"), std::string::npos)
      << subscriber.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(step_finished(2));
  ASSERT_FALSE(client_failed.load()) << publisher.log();
  EXPECT_EQ(accepted, total) << "every body was taken in the end";

  // Read with the C client alone, once the cluster answers again after the outage.
  nats_plugin_test::StreamContents stored;
  ASSERT_TRUE(wait_until(
      [&] {
        try {
          stored = nats_plugin_test::read_stream(cluster.urls(), "update_model");
          return true;
        } catch (const std::exception&) {
          return false;
        }
      },
      std::chrono::seconds(60)));
  EXPECT_GE(static_cast<std::int64_t>(stored.events), accepted)
      << "a 202 for an event the stream did not store";
  EXPECT_LE(static_cast<std::int64_t>(stored.events), accepted + refused);
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) >= static_cast<std::int64_t>(stored.events); },
                         std::chrono::seconds(120)))
      << subscriber.log();
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  // Started again from its checkpoint: the same totals, nothing replayed on top. One more trial,
  // published after everything else, arrives after whatever would have been replayed: once it is
  // applied, n says.
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(post_trials(publisher, total, total + 1, 1)) << publisher.log();
  const auto stored_events = static_cast<std::int64_t>(stored.events);
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) >= stored_events + 1; },
                         scaled(std::chrono::seconds(30))))
      << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n").get<std::int64_t>(), stored_events + 1) << subscriber.log();
  // Trial `total` is a success ("w").
  EXPECT_EQ(summary.at("w").get<std::int64_t>(), static_cast<std::int64_t>(stored.successes) + 1);
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
