// The redis broker in pubsub mode: PUBLISH to the channel named by the topic, and one subscriber
// connection that the pipeline thread reads in batches. Fire-and-forget, as Redis pub/sub is: a
// message published while no subscriber is connected, or dropped with a subscriber that Redis
// disconnected for falling behind, is lost.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "event_engine/broker.hpp"
#include "link_state.hpp"
#include "reachability_probe.hpp"
#include "redis_broker_config.hpp"
#include "redis_broker_metrics.hpp"
#include "redis_connection.hpp"

namespace redis_broker {

class PubSubBroker final : public event_engine::Broker {
 public:
  PubSubBroker(RedisBrokerConfig config, event_engine::Metrics* metrics,
               std::shared_ptr<spdlog::logger> logger);

  event_engine::BrokerCapabilities capabilities() const override {
    return {.durable = false, .ordered = true};
  }

  std::unique_ptr<event_engine::Publisher> open_publisher() override;

  // Positions are not durable, so `from_position` is ignored: counting restarts at zero. When Redis
  // cannot be reached the broker keeps trying from poll(); subscribe() does not throw for that.
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;

  std::size_t poll(event_engine::EventBatch& batch, std::size_t max_events,
                   std::chrono::milliseconds timeout) override;

  // Pub/sub has no acknowledgement: a delivered message is gone from Redis already.
  void commit(const std::string&) override {}

  // Subscribed: the subscriber is connected and subscribed. Otherwise (a publishing-only process):
  // Redis answers PING.
  bool ready() const override;

 private:
  // Waits out the backoff (at most `timeout`), then tries once. True when subscribed again.
  bool reconnect(std::chrono::milliseconds timeout);
  void connect_subscriber();
  // Takes in one reply; true when it was a message, whose events are then unread, unless it is over
  // max_message_bytes: then `batch` notes it as oversized instead.
  bool receive(const Reply& reply, event_engine::EventBatch& batch);
  std::size_t take_unread(event_engine::EventBatch& batch, std::size_t limit);

  const RedisBrokerConfig config_;
  RedisBrokerMetrics metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  LinkState publisher_link_;
  mutable ReachabilityProbe probe_;
  std::atomic<bool> subscribed_{false};

  // Used only by the pipeline thread.
  LinkState subscriber_link_;
  std::unique_ptr<RedisConnection> subscriber_;
  std::vector<std::string> topics_;
  std::string_view unread_;  // events of the current message not yet polled, inside the reply
  bool has_unread_ = false;  // apart from unread_, as an empty message is one (empty) event
  std::uint64_t position_ = 0;
};

}  // namespace redis_broker
