// Counts what libzmq reports about the connections of the receiving socket: peers that went away
// (among them those cut off for a frame over max_message_bytes) and handshakes it refused (CURVE).
#pragma once

#include <string>
#include <zmq.hpp>

#include "zmq_broker_metrics.hpp"

namespace zmq_broker {

class ConnectionEvents {
 public:
  // Watches `watched` through a monitor socket on `context`; `name` makes the monitor's inproc
  // address unique within the context.
  ConnectionEvents(zmq::context_t& context, zmq::socket_t& watched, const std::string& name,
                   ZmqBrokerMetrics& metrics);

  // Adds the events reported since the last call to the metrics; never waits.
  void count_reported();

 private:
  zmq::socket_t reader_;
  ZmqBrokerMetrics& metrics_;
  zmq::message_t event_frame_;
  zmq::message_t endpoint_frame_;
};

}  // namespace zmq_broker
