// The redis broker's counters, shared by the pipeline thread and every publisher.
#pragma once

#include <array>

#include "event_engine/metrics.hpp"

namespace redis_broker {

class RedisBrokerMetrics {
 public:
  // With no registry (a context without metrics) the counters still count but are not exported.
  explicit RedisBrokerMetrics(event_engine::Metrics* registry);

  RedisBrokerMetrics(const RedisBrokerMetrics&) = delete;
  RedisBrokerMetrics& operator=(const RedisBrokerMetrics&) = delete;

 private:
  // Declared before the references, which may bind to it.
  std::array<event_engine::Counter, 12> unexported_;

 public:
  event_engine::Counter& messages_received;
  event_engine::Counter& events_received;
  event_engine::Counter& malformed;
  event_engine::Counter& events_published;
  event_engine::Counter& published_unheard;
  event_engine::Counter& subscriber_disconnections;
  event_engine::Counter& subscriber_down_milliseconds;
  event_engine::Counter& stream_skipped;
  event_engine::Counter& stream_claimed;
  event_engine::Counter& stream_requeued;
  event_engine::Counter& stream_trimmed_unprocessed;
  event_engine::Counter& stream_acknowledged;
};

}  // namespace redis_broker
