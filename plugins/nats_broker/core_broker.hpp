// The nats broker in core mode: plain NATS subjects, fire-and-forget like Redis pub/sub. Nothing is
// stored: an event published while no subscriber listens is gone, and a subscriber that falls
// behind has messages dropped by the client (event_engine_nats_core_dropped_messages_total).
// Many events travel in one message (event_frames.hpp).
#pragma once

#include <nats/nats.h>
#include <spdlog/logger.h>
#include <memory>
#include <string>

#include "event_engine/broker.hpp"
#include "nats_broker_config.hpp"
#include "nats_broker_metrics.hpp"
#include "nats_connection.hpp"

namespace nats_broker {

class CoreBroker final : public event_engine::Broker {
 public:
  CoreBroker(NatsBrokerConfig config, event_engine::Metrics* metrics, std::shared_ptr<spdlog::logger> logger);
  ~CoreBroker() override;

  event_engine::BrokerCapabilities capabilities() const override {
    return {.durable = false, .ordered = true};
  }
  std::unique_ptr<event_engine::Publisher> open_publisher() override;
  // Positions are ignored: core NATS keeps nothing to resume from.
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;
  std::size_t poll(event_engine::EventBatch& batch, std::size_t max_events,
                   std::chrono::milliseconds timeout) override;
  void commit(const std::string&) override {}
  bool ready() const override;

 private:
  std::size_t deliver(natsMsg* message, event_engine::EventBatch& batch, std::size_t room);
  void count_dropped();

  const NatsBrokerConfig config_;
  NatsBrokerMetrics metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable NatsConnection connection_;
  natsSubscription* subscription_ = nullptr;
  natsMsg* partly_delivered_ = nullptr;  // a message bigger than the room left in a batch
  std::size_t partly_taken_ = 0;
  std::int64_t dropped_seen_ = 0;
};

}  // namespace nats_broker
