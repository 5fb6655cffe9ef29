#include "redis_publisher.hpp"

#include <algorithm>
#include <stdexcept>

namespace redis_broker {
namespace {

[[noreturn]] void refuse_newline(std::string_view where) {
  throw std::invalid_argument("redis publisher: " + std::string(where) +
                              " contains a newline, which separates events in a pub/sub message");
}

}  // namespace

RedisPublisher::RedisPublisher(const RedisBrokerConfig& config, LinkState& link, RedisBrokerMetrics& metrics)
    : config_(config), link_(link), metrics_(metrics) {}

void RedisPublisher::publish(std::string_view topic, std::string_view payload) {
  if (config_.mode == BrokerMode::pubsub && payload.find('\n') != std::string_view::npos) {
    refuse_newline("the event");
  }
  commands_.clear();
  append_command(topic, payload);
  send_pipeline();
}

void RedisPublisher::publish_batch(std::string_view topic, const event_engine::EventBatch& events) {
  if (config_.mode == BrokerMode::pubsub) {
    if (const std::size_t newline = events.bytes().find('\n'); newline != std::string_view::npos) {
      const auto& ends = events.ends();
      refuse_newline("event " +
                     std::to_string(std::upper_bound(ends.begin(), ends.end(), newline) - ends.begin()) +
                     " of the batch");
    }
  }
  commands_.clear();
  for (std::size_t i = 0; i < events.size(); ++i) {
    append_command(topic, events[i]);
    if (commands_.commands() == most_commands_per_round_trip) {
      send_pipeline();
      commands_.clear();
    }
  }
  if (commands_.commands() > 0) send_pipeline();
}

void RedisPublisher::append_command(std::string_view topic, std::string_view payload) {
  if (config_.mode == BrokerMode::pubsub) {
    commands_.add({"PUBLISH", topic, payload});
  } else if (config_.stream.maxlen == 0) {
    commands_.add({"XADD", topic, "*", config_.stream.field, payload});
  } else {
    commands_.begin(8);
    for (std::string_view part :
         {std::string_view("XADD"), topic, std::string_view("MAXLEN"), std::string_view("~")}) {
      commands_.argument(part);
    }
    commands_.argument(config_.stream.maxlen);
    for (std::string_view part : {std::string_view("*"), std::string_view(config_.stream.field), payload}) {
      commands_.argument(part);
    }
  }
}

RedisConnection& RedisPublisher::connection() {
  if (connection_ != nullptr && connection_->closed_by_peer()) connection_.reset();
  if (connection_ == nullptr) {
    if (const auto wait = link_.wait_before_attempt(); wait.count() > 0) {
      throw RedisUnavailable("Redis at " + config_.connection.server() + " is unreachable; next attempt in " +
                             std::to_string(wait.count()) + " ms");
    }
    try {
      connection_ = std::make_unique<RedisConnection>(config_.connection);
    } catch (const RedisError& error) {
      link_.failed(error.what());
      throw;
    }
    link_.connected();
  }
  return *connection_;
}

void RedisPublisher::send_pipeline() {
  const std::size_t commands = commands_.commands();
  std::size_t refused = 0;
  std::string first_refusal;
  RedisConnection* redis = nullptr;
  try {
    redis = &connection();
    redis->send(commands_.bytes());
    for (std::size_t i = 0; i < commands; ++i) {
      const Reply reply = redis->receive();
      if (reply.is_error()) {
        if (refused++ == 0) first_refusal = reply.describe();
      } else if (config_.mode == BrokerMode::pubsub && reply.integer() == 0) {
        metrics_.published_unheard.add();
      }
    }
  } catch (const RedisError& error) {
    // connection() has told the link about a failure to connect.
    if (redis != nullptr) {
      connection_.reset();
      link_.failed(error.what());
    }
    // Only standard exceptions leave the plugin: one of its own types, caught after the caller has
    // released the broker and so unloaded the library, would point into unloaded code.
    throw std::runtime_error(error.what());
  }
  metrics_.events_published.add(commands - refused);
  if (refused > 0) {
    throw std::runtime_error("Redis at " + config_.connection.server() + " refused " +
                             std::to_string(refused) + " of " + std::to_string(commands) +
                             " events: " + first_refusal);
  }
}

}  // namespace redis_broker
