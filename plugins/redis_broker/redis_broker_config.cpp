#include "redis_broker_config.hpp"

#include <unistd.h>
#include <limits>

namespace redis_broker {
namespace {

constexpr std::string_view stream_only_keys[] = {
    "group",      "consumer",      "field",           "maxlen",
    "read_count", "claim_idle_ms", "checkpoint_hash", "idempotency_window_ms"};

// The checkpoint key names this engine among the group's members and stays the same when it
// restarts, so a restarted engine is the same consumer and re-reads its own pending entries at once
// (rather than waiting claim_idle_ms for a live engine to requeue them). Without a checkpoint key
// (a publish-only pipeline, which never reads) the pid keeps names apart.
std::string default_consumer_name(std::string_view checkpoint_key) {
  char host[256] = {};
  const bool has_host = ::gethostname(host, sizeof(host) - 1) == 0 && host[0] != '\0';
  const std::string host_part = has_host ? std::string(host) : std::string("engine");
  if (checkpoint_key.empty()) return host_part + "-" + std::to_string(::getpid());
  return host_part + "-" + std::string(checkpoint_key);
}

}  // namespace

RedisBrokerConfig read_broker_config(const event_engine::ConfigReader& config,
                                     std::string_view checkpoint_key) {
  constexpr std::int64_t largest_int = std::numeric_limits<int>::max();
  RedisBrokerConfig read;
  read.mode = config.one_of("mode", "pubsub", {"pubsub", "stream"}) == "stream" ? BrokerMode::stream
                                                                                : BrokerMode::pubsub;
  read.connection = read_connection_settings(config);
  read.reconnect_max = std::chrono::milliseconds(
      config.integer("reconnect_max_ms", read.reconnect_max.count(), 100, largest_int));
  read.max_message_bytes = static_cast<std::uint64_t>(
      config.integer("max_message_bytes", static_cast<std::int64_t>(read.max_message_bytes), 1));
  if (read.mode == BrokerMode::pubsub) {
    for (std::string_view key : stream_only_keys) {
      if (config.has(key)) config.fail(key, "expected no value: this key is for mode \"stream\" only");
    }
    return read;
  }
  StreamSettings& stream = read.stream;
  stream.group = config.string("group", stream.group);
  if (stream.group.empty()) config.fail("group", "expected a consumer group name");
  stream.consumer = config.string("consumer", "");
  if (stream.consumer.empty()) stream.consumer = default_consumer_name(checkpoint_key);
  stream.field = config.string("field", stream.field);
  if (stream.field.empty()) config.fail("field", "expected a field name");
  stream.maxlen = static_cast<std::uint64_t>(config.integer("maxlen", 0, 0));
  stream.read_count = static_cast<std::size_t>(config.integer("read_count", 10000, 1, 1000000));
  stream.claim_idle = std::chrono::milliseconds(
      config.integer("claim_idle_ms", stream.claim_idle.count(), 1000, largest_int));
  stream.checkpoint_hash = config.string("checkpoint_hash", "");
  if (stream.checkpoint_hash.empty() && !checkpoint_key.empty()) {
    stream.checkpoint_hash = "event-engine:checkpoint:" + std::string(checkpoint_key);
  }
  stream.idempotency_window =
      std::chrono::milliseconds(config.integer("idempotency_window_ms", stream.idempotency_window.count(),
                                               1000, std::numeric_limits<std::int64_t>::max()));
  return read;
}

}  // namespace redis_broker
