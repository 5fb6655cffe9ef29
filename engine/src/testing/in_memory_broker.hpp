// A broker that keeps every published event in memory, for `event-engine test`: the pipeline polls
// what the case published, in order, with no server. Durable in the broker's sense: it replays from
// any position for as long as it lives.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "event_engine/broker.hpp"

namespace event_engine {

class InMemoryBroker final : public Broker {
 public:
  BrokerCapabilities capabilities() const override { return {.durable = true, .ordered = true}; }
  std::unique_ptr<Publisher> open_publisher() override;
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;
  std::size_t poll(EventBatch& batch, std::size_t max_events, std::chrono::milliseconds timeout) override;
  void commit(const std::string& position) override;
  bool ready() const override { return true; }

  // Appends the events to the log; positions count events from 1.
  void append(std::string_view topic, const EventBatch& events);
  // The last position committed, empty before the first commit.
  std::string committed() const;

 private:
  std::uint32_t topic_index(std::string_view topic);

  mutable std::mutex mutex_;  // taken once per batch published or polled
  std::vector<std::string> topics_;
  EventBatch log_;
  std::vector<std::uint32_t> topic_of_event_;
  std::vector<bool> subscribed_topic_;
  std::size_t next_event_ = 0;
  std::string committed_;
};

}  // namespace event_engine
