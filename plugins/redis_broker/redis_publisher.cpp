#include "redis_publisher.hpp"

#include <algorithm>
#include <stdexcept>

#include "idempotent_publish_script.hpp"

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

template <class OnReply>
void RedisPublisher::round_trip(OnReply on_reply) {
  RedisConnection* redis = nullptr;
  try {
    redis = &connection();
    redis->send(commands_.bytes());
    for (std::size_t i = 0; i < commands_.commands(); ++i) on_reply(redis->receive());
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
}

void RedisPublisher::send_pipeline() {
  const std::size_t commands = commands_.commands();
  std::size_t refused = 0;
  std::string first_refusal;
  round_trip([&](const Reply& reply) {
    if (reply.is_error()) {
      if (refused++ == 0) first_refusal = reply.describe();
    } else if (config_.mode == BrokerMode::pubsub && reply.integer() == 0) {
      metrics_.published_unheard.add();
    }
  });
  metrics_.events_published.add(commands - refused);
  if (refused > 0) {
    throw std::runtime_error("Redis at " + config_.connection.server() + " refused " +
                             std::to_string(refused) + " of " + std::to_string(commands) +
                             " events: " + first_refusal);
  }
}

event_engine::PublishOnceOutcome RedisPublisher::publish_batch_once(std::string_view topic,
                                                                    const event_engine::EventBatch& events,
                                                                    const event_engine::PublishOnce& once) {
  if (config_.mode != BrokerMode::stream) {
    throw std::logic_error("redis publisher: only stream mode deduplicates publishes");
  }
  const std::size_t chunk = events_per_idempotent_chunk;
  // A body of no events still claims its key, so that a retry with another body is refused.
  const std::size_t chunks = std::max<std::size_t>(1, (events.size() + chunk - 1) / chunk);
  claim_key_.assign("event-engine:idempotency:").append(topic).append(":").append(once.key);
  commands_.clear();
  for (std::size_t index = 0; index < chunks; ++index) {
    const std::size_t first = index * chunk;
    const std::size_t last = std::min(events.size(), first + chunk);
    marker_key_.assign(claim_key_).append("#").append(std::to_string(index));
    commands_.begin(10 + (last - first));
    for (std::string_view part :
         {std::string_view("EVAL"), idempotent_publish_script, std::string_view("3"),
          std::string_view(claim_key_), std::string_view(marker_key_), topic, once.fingerprint}) {
      commands_.argument(part);
    }
    commands_.argument(static_cast<std::uint64_t>(config_.stream.idempotency_window.count()));
    commands_.argument(config_.stream.maxlen);
    commands_.argument(config_.stream.field);
    for (std::size_t i = first; i < last; ++i) commands_.argument(events[i]);
  }
  std::size_t stored_events = 0;
  std::size_t index = 0;
  bool duplicate = false;
  bool conflict = false;
  std::string refusal;
  round_trip([&](const Reply& reply) {
    const std::size_t in_chunk = std::min(events.size() - std::min(events.size(), index * chunk), chunk);
    ++index;
    if (reply.is_error()) {
      if (refusal.empty()) refusal = reply.describe();
    } else if (reply.integer() == 1) {
      stored_events += in_chunk;
    } else if (reply.integer() == 0) {
      duplicate = true;
    } else {
      conflict = true;
    }
  });
  metrics_.events_published.add(stored_events);
  if (!refusal.empty()) {
    throw std::runtime_error("Redis at " + config_.connection.server() +
                             " refused an idempotent publish: " + refusal);
  }
  if (conflict) return event_engine::PublishOnceOutcome::conflict;
  return duplicate ? event_engine::PublishOnceOutcome::duplicate : event_engine::PublishOnceOutcome::stored;
}

}  // namespace redis_broker
