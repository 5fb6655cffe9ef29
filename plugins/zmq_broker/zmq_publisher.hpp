// A publisher: sends events as [topic, body] messages, the body holding newline-terminated events.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <zmq.hpp>

#include "event_engine/broker.hpp"
#include "event_engine/publish_lines.hpp"
#include "event_engine/publish_without_waiting.hpp"
#include "event_engine/queued_sends.hpp"
#include "zmq_broker_metrics.hpp"

namespace zmq_broker {

// The socket a publisher sends on. With bind = "sender" one bound socket serves every publisher of
// the process (an endpoint can be bound once), so they take turns; otherwise each has its own.
struct SendingSocket {
  zmq::socket_t socket;
  bool shared = false;
  std::mutex turn;
};

class ZmqPublisher final : public event_engine::Publisher,
                           public event_engine::PublishWithoutWaiting,
                           public event_engine::PublishLines,
                           public event_engine::QueuedSends {
 public:
  // Closes the broker's context within a timeout, and says whether every socket's queue was sent
  // by then (ZmqBroker::close_within).
  using CloseBroker = std::function<bool(std::chrono::milliseconds)>;

  ZmqPublisher(std::shared_ptr<SendingSocket> sending, ZmqBrokerMetrics& metrics, CloseBroker close_broker);

  // Throws std::invalid_argument for a payload with a newline: it would arrive as several events.
  void publish(std::string_view topic, std::string_view payload) override;
  // Sends the whole batch as one message.
  void publish_batch(std::string_view topic, const event_engine::EventBatch& events) override;
  // publish_batch(), unless the socket's queue is at its high-water mark (a PUSH socket would
  // block) or another publisher has the shared socket's turn: then nothing is sent.
  bool try_publish_batch(std::string_view topic, const event_engine::EventBatch& events) override;
  // Sends the lines as one message's body, byte for byte: they are the wire format already.
  void publish_lines(std::string_view topic, std::string_view lines, std::size_t events) override;
  // Closes the socket with a linger of `timeout`, then the broker's context, which returns once
  // every queued message is written to the receiver's connection or the linger has run out.
  bool finish_sending(std::chrono::milliseconds timeout) override;

 private:
  // Sends [topic, body]; with `wait` false, sends nothing and returns false when the socket would
  // block.
  bool send(std::string_view topic, zmq::message_t& body, std::size_t events, bool wait);

  std::shared_ptr<SendingSocket> sending_;
  ZmqBrokerMetrics& metrics_;
  CloseBroker close_broker_;
};

}  // namespace zmq_broker
