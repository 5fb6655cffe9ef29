// A JetStream message over the subscriber's max_message_bytes, through real engines and a real
// nats-server: dead-lettered with its size and sequence, counted, never applied, and acknowledged
// by the next checkpoint's commit although no event came with it (the durable consumer's floor
// moves past it, so it is not delivered again); the engine then applies later events exactly.
#include <gtest/gtest.h>

#include <fstream>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

double metric(const EngineInstance& engine, const std::string& name) {
  return metric_value(http_get(engine.http_port(), "/metrics").body, name);
}

TEST(NatsBoundsEndToEnd, AnOversizedMessageIsDeadLetteredCountedAcknowledgedAndNeverApplied) {
  NatsServer nats;
  TempDir subscriber_dir;
  TempDir publisher_dir;
  EngineInstance subscriber(subscriber_dir.path(), "config/nats-bayes-subscriber.json",
                            nats_overrides(nats.url(), true,
                                           {"broker.config.max_message_bytes=1000", "process.visualisers=[]",
                                            "process.checkpoint.every_ms=100"}));
  EngineInstance publisher(publisher_dir.path(), "config/nats-api-publisher.json",
                           nats_overrides(nats.url(), false));
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(publisher.start()) << publisher.log();

  // 1,000 events framed into one message of about 2 KB: over the subscriber's bound.
  ASSERT_TRUE(post_trials(publisher, 0, 1000, 1000)) << publisher.log();
  ASSERT_TRUE(wait_until([&] { return metric(subscriber, "event_engine_entries_oversized_total") == 1; },
                         scaled(std::chrono::seconds(10))))
      << subscriber.log();
  EXPECT_TRUE(wait_until(
      [&] {
        return nats_plugin_test::acknowledged_through(nats.url(), "update_model", "event-engine-p0") == 1;
      },
      scaled(std::chrono::seconds(10))))
      << "the oversized message was not acknowledged";

  ASSERT_TRUE(post_trials(publisher, 0, 5, 5)) << publisher.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == 5; }, scaled(std::chrono::seconds(10))))
      << subscriber.log();
  EXPECT_EQ(model_summary(subscriber).at("w"), successes_before(5));
  EXPECT_EQ(metric(subscriber, "event_engine_entries_oversized_total"), 1);

  std::ifstream dead_letter(subscriber_dir.path() / "state" / "dead-letter.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(dead_letter, line));
  const nlohmann::json kept = nlohmann::json::parse(line);
  EXPECT_GT(kept.at("size").get<std::int64_t>(), 2000);
  EXPECT_EQ(kept.at("position"), "1");
  EXPECT_FALSE(std::getline(dead_letter, line)) << "one line only";
  EXPECT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
