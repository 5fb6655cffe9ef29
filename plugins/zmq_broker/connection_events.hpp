// Counts what libzmq reports about the connections of the receiving socket: peers that went away
// (among them those cut off for a frame over max_message_bytes) and handshakes it refused (CURVE).
#pragma once

#include <spdlog/logger.h>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "zmq_broker_metrics.hpp"

namespace zmq_broker {

class ConnectionEvents {
 public:
  // Watches `watched` through a monitor socket on `context`; `name` makes the monitor's inproc
  // address unique within the context.
  ConnectionEvents(zmq::context_t& context, zmq::socket_t& watched, const std::string& name,
                   ZmqBrokerMetrics& metrics, std::shared_ptr<spdlog::logger> logger);

  // Adds the events reported since the last call to the metrics, and logs refused handshakes at
  // most once per log_interval; never waits.
  void count_reported();

  static constexpr std::chrono::seconds log_interval{10};

 private:
  zmq::socket_t reader_;
  ZmqBrokerMetrics& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  std::uint64_t refused_unlogged_ = 0;
  std::chrono::steady_clock::time_point last_log_{};
  zmq::message_t event_frame_;
  zmq::message_t endpoint_frame_;
};

}  // namespace zmq_broker
