#include "zmq_broker.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <limits>
#include <stdexcept>

#include "thread_sanitizer_handover.hpp"

namespace zmq_broker {
namespace {

bool is_inproc(const std::string& endpoint) { return endpoint.starts_with("inproc://"); }

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

ZmqBroker::ZmqBroker(ZmqBrokerConfig config, event_engine::Metrics* metrics,
                     std::shared_ptr<spdlog::logger> logger)
    : config_(std::move(config)), metrics_(metrics), logger_(std::move(logger)) {}

zmq::socket_t ZmqBroker::make_socket(zmq::socket_type type) {
  zmq::socket_t socket(context_, type);
  socket.set(zmq::sockopt::sndhwm, config_.high_water_mark);
  socket.set(zmq::sockopt::rcvhwm, config_.high_water_mark);
  socket.set(zmq::sockopt::linger, config_.linger_ms);
  return socket;
}

void ZmqBroker::attach(zmq::socket_t& socket, const std::vector<std::string>& endpoints,
                       Attachment attachment) {
  secure(socket, attachment);
  for (const std::string& endpoint : endpoints) {
    try {
      if (attachment == Attachment::bind) {
        socket.bind(endpoint);
      } else {
        socket.connect(endpoint);
      }
    } catch (const zmq::error_t& error) {
      failed_.store(true, std::memory_order_relaxed);
      throw std::runtime_error("zmq broker: cannot " +
                               std::string(attachment == Attachment::bind ? "bind " : "connect to ") +
                               endpoint + ": " + error.what());
    }
  }
}

void ZmqBroker::secure(zmq::socket_t& socket, Attachment attachment) {
  const CurveKeys& curve = config_.curve;
  if (attachment == Attachment::bind && curve.serves()) {
    if (!zap_) {
      zap_.emplace(context_, curve.authorised_keys, logger_);
      logger_->info(
          "zmq broker: CURVE on the bound tcp and ipc endpoints, {} client keys authorised; server "
          "public key {}",
          curve.authorised_keys.size(), curve.server_public_key_of_own);
    }
    socket.set(zmq::sockopt::curve_server, true);
    socket.set(zmq::sockopt::curve_secretkey, curve.server_secret_key);
    socket.set(zmq::sockopt::zap_domain, "event-engine");
  } else if (attachment == Attachment::connect && curve.connects()) {
    socket.set(zmq::sockopt::curve_serverkey, curve.server_public_key);
    socket.set(zmq::sockopt::curve_publickey, curve.client_public_key);
    socket.set(zmq::sockopt::curve_secretkey, curve.client_secret_key);
  }
}

std::shared_ptr<SendingSocket> ZmqBroker::make_sending_socket(bool shared) {
  auto sending = std::make_shared<SendingSocket>();
  sending->socket =
      make_socket(config_.pattern == Pattern::push_pull ? zmq::socket_type::push : zmq::socket_type::pub);
  sending->shared = shared;
  return sending;
}

std::unique_ptr<event_engine::Publisher> ZmqBroker::open_publisher() {
  if (config_.bind == BindingSide::sender) {
    return std::make_unique<ZmqPublisher>(bound_sending_socket(), metrics_, closer());
  }
  std::shared_ptr<SendingSocket> sending = make_sending_socket(false);
  const std::string& endpoint = endpoint_to_connect(subscribed_.load());
  attach(sending->socket, {endpoint}, Attachment::connect);
  logger_->debug("zmq broker: publisher connected to {}", endpoint);
  return std::make_unique<ZmqPublisher>(std::move(sending), metrics_, closer());
}

ZmqPublisher::CloseBroker ZmqBroker::closer() {
  return [this](std::chrono::milliseconds timeout) { return close_within(timeout); };
}

bool ZmqBroker::close_within(std::chrono::milliseconds timeout) {
  connection_events_.reset();
  receiver_.close();
  zap_.reset();
  const auto start = std::chrono::steady_clock::now();
  context_.close();
  return std::chrono::steady_clock::now() - start < timeout;
}

const std::string& ZmqBroker::endpoint_to_connect(bool peer_on_this_broker) const {
  const auto inproc = std::find_if(config_.endpoints.begin(), config_.endpoints.end(), is_inproc);
  // An inproc endpoint reaches only a peer on this broker's own context.
  if (peer_on_this_broker && inproc != config_.endpoints.end()) return *inproc;
  const auto outside = std::find_if_not(config_.endpoints.begin(), config_.endpoints.end(), is_inproc);
  return outside != config_.endpoints.end() ? *outside : config_.endpoints.front();
}

std::shared_ptr<SendingSocket> ZmqBroker::bound_sending_socket() {
  std::lock_guard lock(bound_sending_mutex_);
  if (bound_sending_ == nullptr) {
    std::shared_ptr<SendingSocket> sending = make_sending_socket(true);
    attach(sending->socket, config_.endpoints, Attachment::bind);
    logger_->info("zmq broker: publishers bound to {}", joined(config_.endpoints));
    bound_sending_ = std::move(sending);
  }
  return bound_sending_;
}

bool ZmqBroker::has_bound_publishers() {
  std::lock_guard lock(bound_sending_mutex_);
  return bound_sending_ != nullptr;
}

void ZmqBroker::subscribe(const std::vector<std::string>& topics, const std::optional<std::string>&) {
  if (receiver_) throw std::logic_error("zmq broker: subscribe() was called already");
  if (topics.empty()) throw std::invalid_argument("zmq broker: subscribe() needs at least one topic");
  zmq::socket_t socket =
      make_socket(config_.pattern == Pattern::push_pull ? zmq::socket_type::pull : zmq::socket_type::sub);
  if (config_.pattern == Pattern::pub_sub) {
    for (const std::string& topic : topics) socket.set(zmq::sockopt::subscribe, topic);
  }
  // libzmq reads a frame's size before its bytes: a larger one ends the connection unbuffered.
  socket.set(zmq::sockopt::maxmsgsize, config_.max_message_bytes);
  connection_events_.emplace(context_, socket, std::to_string(reinterpret_cast<std::uintptr_t>(this)),
                             metrics_, logger_);
  const bool binds = config_.bind == BindingSide::receiver;
  const std::vector<std::string> endpoints =
      binds ? config_.endpoints : std::vector{endpoint_to_connect(has_bound_publishers())};
  attach(socket, endpoints, binds ? Attachment::bind : Attachment::connect);
  logger_->info("zmq broker: {} {} {} for topics {}", config_.pattern == Pattern::push_pull ? "PULL" : "SUB",
                binds ? "bound to" : "connected to", joined(endpoints), joined(topics));
  receiver_ = std::move(socket);
  topics_ = topics;
  subscribed_.store(true);
}

std::size_t ZmqBroker::poll(event_engine::EventBatch& batch, std::size_t max_events,
                            std::chrono::milliseconds timeout) {
  if (!receiver_) throw std::logic_error("zmq broker: poll() before subscribe()");
  connection_events_->count_reported();
  std::size_t appended = take_unread(batch, max_events);
  std::uint64_t messages = 0;
  zmq::recv_flags flags = zmq::recv_flags::dontwait;
  if (appended == 0) {
    set_receive_timeout(timeout);
    flags = zmq::recv_flags::none;
  }
  while (appended < max_events && receive_message(flags)) {
    ++messages;
    appended += take_unread(batch, max_events - appended);
    flags = zmq::recv_flags::dontwait;
  }
  metrics_.messages_received.add(messages);
  if (appended > 0) {
    metrics_.events_received.add(appended);
    position_ += appended;
    char digits[std::numeric_limits<std::uint64_t>::digits10 + 1];
    const auto written = std::to_chars(std::begin(digits), std::end(digits), position_);
    batch.set_last_position(std::string_view(digits, static_cast<std::size_t>(written.ptr - digits)));
  }
  return appended;
}

void ZmqBroker::set_receive_timeout(std::chrono::milliseconds timeout) {
  const int milliseconds = static_cast<int>(
      std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, std::numeric_limits<int>::max()));
  if (milliseconds == receive_timeout_ms_) return;
  receiver_.set(zmq::sockopt::rcvtimeo, milliseconds);
  receive_timeout_ms_ = milliseconds;
}

bool ZmqBroker::receive_message(zmq::recv_flags flags) {
  try {
    if (!receiver_.recv(first_frame_, flags)) return false;
  } catch (const zmq::error_t& error) {
    // A signal woke the wait: return what there is; the caller polls again.
    if (error.num() == EINTR) return false;
    throw;
  }
  acquire_from_sender(first_frame_);
  ReceivedFrames received;
  received.frames[0] = first_frame_.to_string_view();
  received.count = 1;
  // The frames of a message arrive together: the rest is already here.
  if (first_frame_.more()) {
    received.complete = receiver_.recv(second_frame_, zmq::recv_flags::dontwait).has_value();
    if (received.complete) {
      acquire_from_sender(second_frame_);
      received.frames[received.count++] = second_frame_.to_string_view();
    }
  }
  if (received.complete && received.count == 2 && second_frame_.more()) {
    received.complete = receiver_.recv(sent_at_frame_, zmq::recv_flags::dontwait).has_value();
    if (received.complete) {
      acquire_from_sender(sent_at_frame_);
      received.frames[received.count++] = sent_at_frame_.to_string_view();
    }
    if (received.complete && sent_at_frame_.more()) {
      received.complete = false;
      while (sent_at_frame_.more() && receiver_.recv(sent_at_frame_, zmq::recv_flags::dontwait)) {
      }
    }
  }
  const DecodedMessage decoded = decode_message(received, config_.pattern, topics_);
  if (decoded.verdict == MessageVerdict::malformed) {
    metrics_.malformed.add();
  } else if (decoded.verdict == MessageVerdict::unknown_topic) {
    metrics_.unknown_topic.add();
  } else {
    unread_ = decoded.body;
    metrics_.bytes_received.add(unread_.size());
    unread_sent_at_unix_ns_ = decoded.sent_at_unix_ns;
    has_unread_ = true;
  }
  return true;
}

std::size_t ZmqBroker::take_unread(event_engine::EventBatch& batch, std::size_t limit) {
  if (!has_unread_ || limit == 0) return 0;
  batch.note_sent_at(unread_sent_at_unix_ns_);
  // Only what this batch takes is read, so a message costs O(its size) however many polls it
  // spans; counting the newlines of the whole rest on each poll made it O(N^2 / max_events).
  const event_engine::EventBatch::DelimitedTaken taken = batch.add_first_delimited(unread_, limit);
  metrics_.bytes_scanned.add(taken.bytes);
  unread_.remove_prefix(taken.bytes);
  has_unread_ = !unread_.empty();
  return taken.events;
}

void ZmqBroker::commit(const std::string&) {}

}  // namespace zmq_broker
