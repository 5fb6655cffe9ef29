#include "zmq_publisher.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "thread_sanitizer_handover.hpp"

namespace zmq_broker {
namespace {

[[noreturn]] void refuse_newline(std::string_view where) {
  throw std::invalid_argument("zmq publisher: " + std::string(where) +
                              " contains a newline, which separates events on the wire");
}

// A blocking send interrupted by a signal has sent nothing: send again.
void send_frame(zmq::socket_t& socket, zmq::message_t& frame, zmq::send_flags flags) {
  for (;;) {
    try {
      socket.send(frame, flags);
      return;
    } catch (const zmq::error_t& error) {
      if (error.num() != EINTR) throw;
    }
  }
}

// A message's first frame, sent only if the socket would not block (false then: nothing sent).
bool send_frame_without_waiting(zmq::socket_t& socket, zmq::message_t& frame) {
  for (;;) {
    try {
      return socket.send(frame, zmq::send_flags::sndmore | zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t& error) {
      if (error.num() != EINTR) throw;
    }
  }
}

// Every event ends with '\n', so an empty last event survives the receiver's dropping of one
// trailing newline. The body is built in the message itself: one copy of the bytes, a short event
// (most are) as one fixed 16-byte move rather than a memcpy call of its length; what such a move
// writes past the event, the next event's bytes overwrite.
zmq::message_t body_of(const event_engine::EventBatch& events) {
  const std::string_view bytes = events.bytes();
  if (const std::size_t newline = bytes.find('\n'); newline != std::string_view::npos) {
    const auto& ends = events.ends();
    const auto event = std::upper_bound(ends.begin(), ends.end(), newline) - ends.begin();
    refuse_newline("event " + std::to_string(event) + " of the batch");
  }
  constexpr std::size_t short_event = 16;
  zmq::message_t body(bytes.size() + events.size());
  char* out = body.data<char>();
  const char* const out_end = out + body.size();
  std::uint32_t begin = 0;
  for (const std::uint32_t end : events.ends()) {
    const std::size_t length = end - begin;
    if (length <= short_event && begin + short_event <= bytes.size() && out + short_event <= out_end) {
      std::memcpy(out, bytes.data() + begin, short_event);
    } else {
      std::memcpy(out, bytes.data() + begin, length);
    }
    out += length;
    *out++ = '\n';
    begin = end;
  }
  return body;
}

}  // namespace

ZmqPublisher::ZmqPublisher(std::shared_ptr<SendingSocket> sending, ZmqBrokerMetrics& metrics,
                           CloseBroker close_broker)
    : sending_(std::move(sending)), metrics_(metrics), close_broker_(std::move(close_broker)) {}

bool ZmqPublisher::finish_sending(std::chrono::milliseconds timeout) {
  {
    const std::lock_guard turn(sending_->turn);
    sending_->socket.set(zmq::sockopt::linger, static_cast<int>(timeout.count()));
    sending_->socket.close();
  }
  return close_broker_(timeout);
}

void ZmqPublisher::publish(std::string_view topic, std::string_view payload) {
  if (payload.find('\n') != std::string_view::npos) refuse_newline("the event");
  zmq::message_t body(payload.data(), payload.size());
  send(topic, body, 1, true);
}

void ZmqPublisher::publish_batch(std::string_view topic, const event_engine::EventBatch& events) {
  if (events.empty()) return;
  zmq::message_t body = body_of(events);
  send(topic, body, events.size(), true);
}

bool ZmqPublisher::try_publish_batch(std::string_view topic, const event_engine::EventBatch& events) {
  if (events.empty()) return true;
  zmq::message_t body = body_of(events);
  return send(topic, body, events.size(), false);
}

void ZmqPublisher::publish_lines(std::string_view topic, std::string_view lines, std::size_t events) {
  zmq::message_t body(lines.data(), lines.size());
  send(topic, body, events, true);
}

bool ZmqPublisher::send(std::string_view topic, zmq::message_t& body, std::size_t events, bool wait) {
  zmq::message_t topic_frame(topic.data(), topic.size());
  {
    std::unique_lock<std::mutex> turn;
    if (sending_->shared) {
      turn = wait ? std::unique_lock(sending_->turn) : std::unique_lock(sending_->turn, std::try_to_lock);
      if (!turn.owns_lock()) return false;
    }
    release_to_receiver(topic_frame);
    release_to_receiver(body);
    if (wait) {
      send_frame(sending_->socket, topic_frame, zmq::send_flags::sndmore);
    } else if (!send_frame_without_waiting(sending_->socket, topic_frame)) {
      return false;
    }
    // ZeroMQ queues a multi-part message whole or not at all: once its first frame is taken, the
    // rest is, however full the queue.
    send_frame(sending_->socket, body, zmq::send_flags::none);
  }
  metrics_.messages_sent.add();
  metrics_.events_sent.add(events);
  return true;
}

}  // namespace zmq_broker
