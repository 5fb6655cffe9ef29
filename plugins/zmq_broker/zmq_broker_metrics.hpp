// The zmq broker's counters, shared by the pipeline thread and every publisher.
#pragma once

#include <array>

#include "event_engine/metrics.hpp"

namespace zmq_broker {

class ZmqBrokerMetrics {
 public:
  // With no registry (a context without metrics) the counters still count but are not exported.
  explicit ZmqBrokerMetrics(event_engine::Metrics* registry);

  ZmqBrokerMetrics(const ZmqBrokerMetrics&) = delete;
  ZmqBrokerMetrics& operator=(const ZmqBrokerMetrics&) = delete;

 private:
  // Declared before the references, which may bind to it.
  std::array<event_engine::Counter, 10> unexported_;

 public:
  event_engine::Counter& messages_received;
  event_engine::Counter& events_received;
  event_engine::Counter& unknown_topic;
  event_engine::Counter& malformed;
  event_engine::Counter& messages_sent;
  event_engine::Counter& events_sent;
  event_engine::Counter& bytes_received;
  event_engine::Counter& bytes_scanned;
  event_engine::Counter& disconnections;
  event_engine::Counter& handshakes_refused;
};

}  // namespace zmq_broker
