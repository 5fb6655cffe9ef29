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

}  // namespace

ZmqPublisher::ZmqPublisher(std::shared_ptr<SendingSocket> sending, ZmqBrokerMetrics& metrics)
    : sending_(std::move(sending)), metrics_(metrics) {}

void ZmqPublisher::publish(std::string_view topic, std::string_view payload) {
  if (payload.find('\n') != std::string_view::npos) refuse_newline("the event");
  zmq::message_t body(payload.data(), payload.size());
  send(topic, body, 1);
}

void ZmqPublisher::publish_batch(std::string_view topic, const event_engine::EventBatch& events) {
  if (events.empty()) return;
  const std::string_view bytes = events.bytes();
  if (const std::size_t newline = bytes.find('\n'); newline != std::string_view::npos) {
    const auto& ends = events.ends();
    const auto event = std::upper_bound(ends.begin(), ends.end(), newline) - ends.begin();
    refuse_newline("event " + std::to_string(event) + " of the batch");
  }
  // Every event ends with '\n', so an empty last event survives the receiver's dropping of one
  // trailing newline. The body is built in the message itself: one copy of the bytes.
  zmq::message_t body(bytes.size() + events.size());
  char* out = body.data<char>();
  std::uint32_t begin = 0;
  for (const std::uint32_t end : events.ends()) {
    std::memcpy(out, bytes.data() + begin, end - begin);
    out += end - begin;
    *out++ = '\n';
    begin = end;
  }
  send(topic, body, events.size());
}

void ZmqPublisher::send(std::string_view topic, zmq::message_t& body, std::size_t events) {
  zmq::message_t topic_frame(topic.data(), topic.size());
  {
    std::unique_lock<std::mutex> turn;
    if (sending_->shared) turn = std::unique_lock(sending_->turn);
    release_to_receiver(topic_frame);
    release_to_receiver(body);
    send_frame(sending_->socket, topic_frame, zmq::send_flags::sndmore);
    send_frame(sending_->socket, body, zmq::send_flags::none);
  }
  metrics_.messages_sent.add();
  metrics_.events_sent.add(events);
}

}  // namespace zmq_broker
