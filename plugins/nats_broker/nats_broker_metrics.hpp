// The nats broker's counters, shared by the pipeline thread and every publisher.
#pragma once

#include <array>

#include "event_engine/metrics.hpp"

namespace nats_broker {

class NatsBrokerMetrics {
 public:
  // With no registry (a context without metrics) the counters still count but are not exported.
  explicit NatsBrokerMetrics(event_engine::Metrics* registry);

  NatsBrokerMetrics(const NatsBrokerMetrics&) = delete;
  NatsBrokerMetrics& operator=(const NatsBrokerMetrics&) = delete;

 private:
  // Declared before the references, which may bind to it.
  std::array<event_engine::Counter, 9> unexported_;

 public:
  event_engine::Counter& messages_published;
  event_engine::Counter& events_published;
  event_engine::Counter& publish_failures;
  event_engine::Counter& messages_received;
  event_engine::Counter& events_received;
  event_engine::Counter& malformed;
  event_engine::Counter& redeliveries_skipped;
  event_engine::Counter& core_dropped;
  event_engine::Counter& late_answers_dropped;
};

}  // namespace nats_broker
