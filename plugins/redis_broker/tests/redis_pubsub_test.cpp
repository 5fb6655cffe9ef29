// The redis broker in pubsub mode against a real redis-server: the seed's `redis-cli PUBLISH`,
// the engine's own publishers, several events in one message, loss counting, and outages.
#include <gtest/gtest.h>

#include "loaded_redis_plugins.hpp"
#include "redis_server.hpp"

namespace {

using namespace std::chrono_literals;
using event_engine::EventBatch;
using event_engine::testing::RedisServer;
using nlohmann::json;
using redis_plugin_test::events_of;
using redis_plugin_test::eventually;
using redis_plugin_test::load_redis_broker;
using redis_plugin_test::poll_until;

class RedisPubSubTest : public testing::Test {
 protected:
  json config() const { return {{"port", server_.port()}, {"reconnect_max_ms", 200}}; }

  // Redis delivers only to connected subscribers: wait until PUBSUB NUMSUB counts ours.
  void wait_for_subscribers(int count) {
    ASSERT_TRUE(eventually([&] {
      return server_.cli({"PUBSUB", "NUMSUB", "update_model"}) == "update_model\n" + std::to_string(count);
    }));
  }

  RedisServer server_;
};

TEST_F(RedisPubSubTest, RedisCliPublishReachesTheSubscriber) {
  const auto broker = load_redis_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  EXPECT_TRUE(broker->ready());
  wait_for_subscribers(1);
  EXPECT_EQ(server_.cli({"PUBLISH", "update_model", "w"}), "1");
  EXPECT_EQ(server_.cli({"PUBLISH", "other_channel", "l"}), "0");
  EventBatch batch;
  EXPECT_EQ(broker->poll(batch, 100, 5s), 1u);
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"w"});
  EXPECT_EQ(batch.last_position(), "1");

  // Several events in one message: newline-separated, one trailing newline allowed; empty ones kept.
  server_.cli({"PUBLISH", "update_model", "l\nw\n"});
  server_.cli({"PUBLISH", "update_model", "w\n\nl"});
  server_.cli({"PUBLISH", "update_model", ""});
  batch.clear();
  poll_until(*broker, batch, 6);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"l", "w", "w", "", "l", ""}));
  EXPECT_EQ(batch.last_position(), "7");
  EXPECT_EQ(broker.counter("event_engine_redis_messages_received_total"), 4u);
  EXPECT_EQ(broker.counter("event_engine_redis_events_received_total"), 7u);
}

TEST_F(RedisPubSubTest, AMessageOverMaxMessageBytesIsHandedOverAsOversizedNotAsEvents) {
  const auto broker = load_redis_broker({{"port", server_.port()}, {"max_message_bytes", 10}});
  broker->subscribe({"update_model"}, std::nullopt);
  wait_for_subscribers(1);
  server_.cli({"PUBLISH", "update_model", "w\nw\nw\nw\nw\n"});
  server_.cli({"PUBLISH", "update_model", "w\nw\nw\nw\nw\nl"});
  server_.cli({"PUBLISH", "update_model", "l"});
  EventBatch batch;
  poll_until(*broker, batch, 6);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "w", "w", "w", "w", "l"}));
  ASSERT_EQ(batch.oversized().size(), 1u);
  EXPECT_EQ(batch.oversized()[0].size, 11u);
  EXPECT_EQ(batch.oversized()[0].bound, 10u);
  EXPECT_EQ(batch.oversized()[0].first_bytes, "w\nw\nw\nw\nw\nl");
  EXPECT_EQ(batch.last_position(), "6");
}

TEST_F(RedisPubSubTest, AMessageLargerThanTheBatchIsTakenInParts) {
  const auto broker = load_redis_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  wait_for_subscribers(1);
  server_.cli({"PUBLISH", "update_model", "a\nb\nc\nd\ne"});
  EventBatch batch;
  poll_until(*broker, batch, 2);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"a", "b"}));
  batch.clear();
  EXPECT_EQ(broker->poll(batch, 10, 0ms), 3u);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"c", "d", "e"}));
  EXPECT_EQ(batch.last_position(), "5");
}

TEST_F(RedisPubSubTest, ABatchOfAHundredThousandArrivesWholeAndInOrder) {
  const auto subscriber = load_redis_broker(config());
  subscriber->subscribe({"update_model"}, std::nullopt);
  wait_for_subscribers(1);
  const auto outside = load_redis_broker(config());
  const auto publisher = outside->open_publisher();
  EventBatch sent;
  for (int i = 0; i < 100000; ++i) sent.add("event-" + std::to_string(i));
  publisher->publish_batch("update_model", sent);
  EventBatch received;
  poll_until(*subscriber, received, sent.size());
  EXPECT_EQ(events_of(received), events_of(sent));
  EXPECT_EQ(outside.counter("event_engine_redis_events_published_total"), 100000u);
  EXPECT_EQ(outside.counter("event_engine_redis_published_unheard_total"), 0u);
  EXPECT_EQ(subscriber.counter("event_engine_redis_messages_received_total"), 100000u);
}

TEST_F(RedisPubSubTest, WhatNoSubscriberHeardIsCountedAsLost) {
  const auto broker = load_redis_broker(config());
  EXPECT_TRUE(broker->ready()) << "a publishing-only broker is ready when Redis answers";
  const auto publisher = broker->open_publisher();
  publisher->publish("update_model", "w");
  EventBatch two;
  two.add("w");
  two.add("l");
  publisher->publish_batch("update_model", two);
  EXPECT_EQ(broker.counter("event_engine_redis_events_published_total"), 3u);
  EXPECT_EQ(broker.counter("event_engine_redis_published_unheard_total"), 3u);
  EXPECT_THROW(publisher->publish("update_model", "w\nl"), std::invalid_argument);
}

TEST_F(RedisPubSubTest, TheSubscriberRidesOutARedisRestart) {
  const auto broker = load_redis_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  wait_for_subscribers(1);
  EventBatch batch;
  server_.stop();
  // The subscriber notices at its next poll; no exception, no event.
  EXPECT_TRUE(eventually([&] {
    broker->poll(batch, 10, 20ms);
    return !broker->ready();
  }));
  EXPECT_TRUE(batch.empty());
  server_.start();
  EXPECT_TRUE(eventually([&] {
    broker->poll(batch, 10, 20ms);
    return broker->ready();
  }));
  wait_for_subscribers(1);
  server_.cli({"PUBLISH", "update_model", "after"});
  poll_until(*broker, batch, 1);
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"after"});
  EXPECT_EQ(broker.counter("event_engine_redis_subscriber_disconnections_total"), 1u);
  const std::string log = broker.log_text();
  EXPECT_NE(log.find("reconnected"), std::string::npos) << log;
}

TEST_F(RedisPubSubTest, APublisherFailsWhileRedisIsDownThenRecovers) {
  const auto broker = load_redis_broker(config());
  const auto publisher = broker->open_publisher();
  publisher->publish("update_model", "w");
  server_.stop();
  EXPECT_THROW(publisher->publish("update_model", "w"), std::runtime_error);
  EXPECT_THROW(publisher->publish("update_model", "w"), std::runtime_error);
  EXPECT_TRUE(eventually([&] { return !broker->ready(); }));
  server_.start();
  EXPECT_TRUE(eventually([&] {
    try {
      publisher->publish("update_model", "w");
      return true;
    } catch (const std::runtime_error&) {
      return false;
    }
  }));
  EXPECT_TRUE(eventually([&] { return broker->ready(); }));
  const std::string log = broker.log_text();
  EXPECT_NE(log.find("pubsub publishers"), std::string::npos) << log;
  EXPECT_EQ(log.find("warn"), log.rfind("warn")) << "one warning for the outage:\n" << log;
}

}  // namespace
