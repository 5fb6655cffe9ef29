#include "connection_events.hpp"

#include <cstdint>
#include <cstring>

namespace zmq_broker {

ConnectionEvents::ConnectionEvents(zmq::context_t& context, zmq::socket_t& watched, const std::string& name,
                                   ZmqBrokerMetrics& metrics, std::shared_ptr<spdlog::logger> logger)
    : reader_(context, zmq::socket_type::pair), metrics_(metrics), logger_(std::move(logger)) {
  const std::string address = "inproc://event-engine-zmq-monitor-" + name;
  // libzmq reports a frame over ZMQ_MAXMSGSIZE only as a disconnection, like a peer that closed.
  const int events = ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
  if (zmq_socket_monitor(watched.handle(), address.c_str(), events) != 0) throw zmq::error_t();
  reader_.connect(address);
}

void ConnectionEvents::count_reported() {
  // Each event is two frames: 16-bit event number and 32-bit value, then the endpoint.
  while (reader_.recv(event_frame_, zmq::recv_flags::dontwait)) {
    if (event_frame_.more()) (void)reader_.recv(endpoint_frame_, zmq::recv_flags::none);
    if (event_frame_.size() < sizeof(std::uint16_t)) continue;
    std::uint16_t event = 0;
    std::memcpy(&event, event_frame_.data(), sizeof(event));
    if (event == ZMQ_EVENT_DISCONNECTED) {
      metrics_.disconnections.add();
    } else {
      metrics_.handshakes_refused.add();
      ++refused_unlogged_;
    }
  }
  if (refused_unlogged_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_log_ < log_interval) return;
  logger_->warn(
      "zmq broker: refused {} handshake(s) (no CURVE, an unauthorised public key or the wrong server key, "
      "or a peer that closed before the handshake ended)",
      refused_unlogged_);
  refused_unlogged_ = 0;
  last_log_ = now;
}

}  // namespace zmq_broker
