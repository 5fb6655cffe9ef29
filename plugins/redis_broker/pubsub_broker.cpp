#include "pubsub_broker.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>
#include <thread>

#include "command_buffer.hpp"
#include "redis_publisher.hpp"

namespace redis_broker {

PubSubBroker::PubSubBroker(RedisBrokerConfig config, event_engine::Metrics* metrics,
                           std::shared_ptr<spdlog::logger> logger)
    : config_(std::move(config)),
      metrics_(metrics),
      logger_(std::move(logger)),
      publisher_link_("pubsub publishers", config_.connection.server(), logger_, config_.reconnect_max),
      probe_(config_.connection),
      subscriber_link_("pubsub subscriber", config_.connection.server(), logger_, config_.reconnect_max,
                       &metrics_.subscriber_disconnections, &metrics_.subscriber_down_milliseconds) {}

std::unique_ptr<event_engine::Publisher> PubSubBroker::open_publisher() {
  return std::make_unique<RedisPublisher>(config_, publisher_link_, metrics_);
}

bool PubSubBroker::ready() const { return subscribed_.load() ? subscriber_link_.up() : probe_.reachable(); }

void PubSubBroker::subscribe(const std::vector<std::string>& topics, const std::optional<std::string>&) {
  if (subscribed_.load()) throw std::logic_error("redis broker: subscribe() was called already");
  if (topics.empty()) throw std::invalid_argument("redis broker: subscribe() needs at least one topic");
  topics_ = topics;
  subscribed_.store(true);
  // The first attempt tells an outage, which poll() rides out, from a refusal (a wrong password,
  // a command the server's ACL forbids), which no retry mends: at start that ends the engine.
  try {
    connect_subscriber();
  } catch (const RedisUnavailable& error) {
    subscriber_link_.failed(error.what());
    return;
  } catch (const RedisError& error) {
    subscriber_link_.failed(error.what());
    throw std::runtime_error(std::string("redis broker: ") + error.what());
  }
  subscriber_link_.connected();
}

void PubSubBroker::connect_subscriber() {
  auto connection = std::make_unique<RedisConnection>(config_.connection);
  CommandBuffer command;
  command.begin(1 + topics_.size());
  command.argument("SUBSCRIBE");
  for (const std::string& topic : topics_) command.argument(topic);
  connection->send(command.bytes());
  // Redis confirms each channel before it delivers any message on the connection.
  for (std::size_t confirmed = 0; confirmed < topics_.size(); ++confirmed) {
    const Reply reply = connection->receive();
    if (reply.is_error()) throw_reply_error(*connection, "SUBSCRIBE refused", reply);
  }
  subscriber_ = std::move(connection);
}

bool PubSubBroker::reconnect(std::chrono::milliseconds timeout) {
  if (const auto wait = subscriber_link_.wait_before_attempt(); wait.count() > 0) {
    std::this_thread::sleep_for(std::min(wait, timeout));
    if (wait > timeout) return false;
  }
  try {
    connect_subscriber();
  } catch (const RedisError& error) {
    subscriber_link_.failed(error.what());
    return false;
  }
  subscriber_link_.connected();
  return true;
}

std::size_t PubSubBroker::poll(event_engine::EventBatch& batch, std::size_t max_events,
                               std::chrono::milliseconds timeout) {
  if (!subscribed_.load()) throw std::logic_error("redis broker: poll() before subscribe()");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t appended = 0;
  std::uint64_t messages = 0;
  if (subscriber_ != nullptr || reconnect(timeout)) {
    try {
      while (appended < max_events) {
        if (has_unread_) {
          appended += take_unread(batch, max_events - appended);
          continue;
        }
        if (std::optional<Reply> reply = subscriber_->buffered_reply()) {
          if (receive(*reply, batch)) ++messages;
          continue;
        }
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (!subscriber_->wait_readable(appended > 0 ? std::chrono::milliseconds(0)
                                                     : std::max(left, std::chrono::milliseconds(0)))) {
          break;
        }
        subscriber_->read_available();
      }
    } catch (const RedisError& error) {
      subscriber_.reset();
      has_unread_ = false;
      subscriber_link_.failed(error.what());
    }
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

bool PubSubBroker::receive(const Reply& reply, event_engine::EventBatch& batch) {
  // A message is ["message", channel, payload]; subscription confirmations and the like are skipped.
  if (reply.type() != ReplyType::array || reply.size() != 3) {
    metrics_.malformed.add();
    return false;
  }
  auto element = reply.begin();
  if ((*element).text() != "message") return false;
  ++element;
  ++element;
  const std::string_view payload = (*element).text();
  if (payload.size() > config_.max_message_bytes) {
    batch.add_oversized(payload.size(), config_.max_message_bytes, payload);
    return true;
  }
  unread_ = payload;
  has_unread_ = true;
  return true;
}

std::size_t PubSubBroker::take_unread(event_engine::EventBatch& batch, std::size_t limit) {
  std::size_t taken = 0;
  while (taken < limit && has_unread_) {
    const std::size_t end = unread_.find('\n');
    batch.add(unread_.substr(0, end));
    ++taken;
    // One trailing newline ends the last event rather than starting an empty one.
    if (end == std::string_view::npos || end + 1 == unread_.size()) {
      has_unread_ = false;
    } else {
      unread_.remove_prefix(end + 1);
    }
  }
  return taken;
}

}  // namespace redis_broker
