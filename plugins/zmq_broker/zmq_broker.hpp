// The zmq broker: PUSH/PULL or PUB/SUB sockets on one ZeroMQ context that the broker owns. The
// pipeline thread subscribes and polls; publishing threads each open their own Publisher.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <zmq.hpp>

#include "connection_events.hpp"
#include "event_engine/broker.hpp"
#include "message_decoding.hpp"
#include "zap_authoriser.hpp"
#include "zmq_broker_config.hpp"
#include "zmq_broker_metrics.hpp"
#include "zmq_publisher.hpp"

namespace zmq_broker {

class ZmqBroker final : public event_engine::Broker {
 public:
  ZmqBroker(ZmqBrokerConfig config, event_engine::Metrics* metrics, std::shared_ptr<spdlog::logger> logger);

  event_engine::BrokerCapabilities capabilities() const override {
    return {.durable = false, .ordered = true};
  }

  std::unique_ptr<event_engine::Publisher> open_publisher() override;

  // Positions are not durable, so `from_position` is ignored: counting restarts at zero.
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;

  std::size_t poll(event_engine::EventBatch& batch, std::size_t max_events,
                   std::chrono::milliseconds timeout) override;

  // ZeroMQ has no acknowledgement: a received message is gone from every queue already.
  void commit(const std::string& position) override;

  // ZeroMQ connects and reconnects in the background and queues meanwhile, so there is no
  // connection to report: false only once a socket could not bind or connect.
  bool ready() const override { return !failed_.load(std::memory_order_relaxed); }

  // Closes every socket of the broker and then its context, which waits until each closed socket's
  // queue has been written to its peer's connection or its linger has run out. True when that
  // took less than `timeout` (the publisher's linger, ZmqPublisher::finish_sending): every queue
  // was sent. The broker is unusable after.
  bool close_within(std::chrono::milliseconds timeout);

 private:
  enum class Attachment { bind, connect };

  zmq::socket_t make_socket(zmq::socket_type type);
  // PUSH or PUB, as the pattern says; `shared` by every publisher of the process or not.
  std::shared_ptr<SendingSocket> make_sending_socket(bool shared);
  // A failure throws std::runtime_error naming the endpoint, and the broker is no longer ready.
  // Sets the socket's CURVE options first, as the config's keys say for its side.
  void attach(zmq::socket_t& socket, const std::vector<std::string>& endpoints, Attachment attachment);
  // A connecting socket uses one endpoint: a peer bound to several would otherwise be reached twice,
  // sending each message twice (PUB) or out of order (PUSH).
  const std::string& endpoint_to_connect(bool peer_on_this_broker) const;
  // The binding socket is the CURVE server (the ZAP handler started first, so that no client gets
  // in unasked), a connecting one a CURVE client; each only when its keys are configured. One side
  // binds, so zap_ is made by one thread only: subscribe() or bound_sending_socket().
  void secure(zmq::socket_t& socket, Attachment attachment);
  std::shared_ptr<SendingSocket> bound_sending_socket();
  // What a publisher calls to close the broker (finish_sending).
  ZmqPublisher::CloseBroker closer();
  bool has_bound_publishers();

  // Receives one message. False when none came; true otherwise, with its events left in unread_
  // unless the message was ignored (unknown topic, malformed).
  bool receive_message(zmq::recv_flags flags);
  // Moves up to `limit` events from the current message into `batch`.
  std::size_t take_unread(event_engine::EventBatch& batch, std::size_t limit);
  void set_receive_timeout(std::chrono::milliseconds timeout);

  const ZmqBrokerConfig config_;
  ZmqBrokerMetrics metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  // Declared before every socket so that it is destroyed after them: closing it waits for them.
  zmq::context_t context_;
  std::optional<ZapAuthoriser> zap_;  // with CURVE keys for the binding side, once it binds
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> failed_{false};

  std::mutex bound_sending_mutex_;
  std::shared_ptr<SendingSocket> bound_sending_;

  // Used only by the pipeline thread.
  zmq::socket_t receiver_;
  std::optional<ConnectionEvents> connection_events_;  // of receiver_, once subscribed
  std::vector<std::string> topics_;
  zmq::message_t first_frame_;
  zmq::message_t second_frame_;
  zmq::message_t sent_at_frame_;
  std::string_view unread_;  // events of the current message not yet polled, inside one of the frames
  bool has_unread_ = false;  // apart from unread_, as an empty body is one (empty) event
  std::uint64_t unread_sent_at_unix_ns_ = 0;  // the current message's send time, 0 if it had none
  std::uint64_t position_ = 0;
  int receive_timeout_ms_ = -1;
};

}  // namespace zmq_broker
