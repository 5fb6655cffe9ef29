// A three-node NATS cluster (stream and bucket with three replicas) under the seed's two services:
// trials published over HTTP while the node the subscriber talks to is killed with SIGKILL and
// restarted, and the subscriber itself is killed once. Every trial the stream stored is applied
// exactly once; /readyz shows the outage; no 202 was answered for an event the stream lacks.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

TEST(NatsCluster, ANodeAndTheSubscriberKilledMidStreamLoseAndRepeatNothing) {
  constexpr std::int64_t total = 1000000;
  constexpr std::int64_t per_request = 10000;
  NatsCluster cluster;
  TempDir publisher_dir;
  TempDir subscriber_dir;
  EngineInstance publisher(publisher_dir.path(), "config/nats-api-publisher.json",
                           nats_overrides(cluster.urls(), false, {"broker.config.replicas=3"}));
  // The subscriber knows only node 0, so that node's outage is its outage.
  EngineInstance subscriber(subscriber_dir.path(), "config/nats-bayes-subscriber.json",
                            nats_overrides(cluster.node(0).url(), true,
                                           {"broker.config.replicas=3", "process.store.config.replicas=3",
                                            "process.visualisers=[]", "process.checkpoint.every_ms=100"}));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();

  std::atomic<std::int64_t> sent{0};
  std::int64_t accepted = 0;
  std::int64_t refused = 0;
  std::thread client([&] {
    for (std::int64_t start = 0; start < total; start += per_request) {
      const std::int64_t got =
          post_trials_counting(publisher, start, start + per_request, per_request, refused);
      if (got < 0) return;
      accepted += got;
      sent = start + per_request;
    }
  });

  ASSERT_TRUE(wait_until([&] { return sent.load() >= total / 5; }, std::chrono::seconds(120)));
  cluster.node(0).kill();
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 503)) << subscriber.log();
  cluster.node(0).start(false);
  EXPECT_TRUE(wait_for_status(subscriber.http_port(), "/readyz", 200, std::chrono::seconds(30)))
      << subscriber.log();

  ASSERT_TRUE(wait_until([&] { return sent.load() >= total / 2; }, std::chrono::seconds(120)));
  subscriber.kill();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  client.join();
  ASSERT_EQ(sent.load(), total) << publisher.log();
  EXPECT_GT(accepted, total / 2) << "most requests were stored";

  const nats_plugin_test::StreamContents stored =
      nats_plugin_test::read_stream(cluster.urls(), "update_model");
  EXPECT_GE(static_cast<std::int64_t>(stored.events), accepted)
      << "a 202 for an event the stream did not store";
  EXPECT_LE(static_cast<std::int64_t>(stored.events), accepted + refused);
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) >= static_cast<std::int64_t>(stored.events); },
                         std::chrono::seconds(120)))
      << subscriber.log();
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n").get<std::int64_t>(), static_cast<std::int64_t>(stored.events))
      << subscriber.log();
  EXPECT_EQ(summary.at("w").get<std::int64_t>(), static_cast<std::int64_t>(stored.successes));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
