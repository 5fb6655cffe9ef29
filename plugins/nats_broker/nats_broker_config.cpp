#include "nats_broker_config.hpp"

#include <algorithm>
#include <limits>

namespace nats_broker {
namespace {

constexpr std::string_view jetstream_only_keys[] = {
    "stream",        "replicas",        "max_age_ms",         "max_bytes",
    "group",         "partitions",      "partition",          "fetch_batch",
    "max_in_flight", "max_ack_pending", "duplicate_window_ms"};

// Stream and consumer names may not hold subject separators, wildcards or white space.
bool usable_name(const std::string& name) {
  if (name.empty() || name.size() > 200) return false;
  for (const char c : name) {
    if (c == '.' || c == '*' || c == '>' || c == ' ' || c == '\t' || c == '/' || c == '\\') return false;
  }
  return true;
}

}  // namespace

NatsBrokerConfig read_broker_config(const event_engine::ConfigReader& config) {
  constexpr std::int64_t largest_int = std::numeric_limits<int>::max();
  NatsBrokerConfig read;
  read.mode = config.one_of("mode", "core", {"core", "jetstream"}) == "jetstream" ? BrokerMode::jetstream
                                                                                  : BrokerMode::core;
  read.connection = read_connection_settings(config);
  read.events_per_message = static_cast<std::size_t>(config.integer("events_per_message", 1000, 1, 100000));
  if (read.mode == BrokerMode::core) {
    for (std::string_view key : jetstream_only_keys) {
      if (config.has(key)) config.fail(key, "expected no value: this key is for mode \"jetstream\" only");
    }
    return read;
  }
  JetStreamSettings& js = read.jetstream;
  js.stream = config.string("stream", "");
  if (!js.stream.empty() && !usable_name(js.stream)) {
    config.fail("stream", "expected a stream name without '.', '*', '>', '/', '\\' or spaces");
  }
  js.replicas = static_cast<int>(config.integer("replicas", js.replicas, 1, 5));
  js.max_age_ms = config.integer("max_age_ms", 0, 0);
  js.max_bytes = config.integer("max_bytes", 0, 0);
  js.group = config.string("group", js.group);
  if (!usable_name(js.group))
    config.fail("group", "expected a name without '.', '*', '>', '/', '\\' or spaces");
  js.partitions = static_cast<int>(config.integer("partitions", 1, 1, 1024));
  js.partition = static_cast<int>(config.integer("partition", 0, 0, largest_int));
  if (js.partition >= js.partitions) {
    config.fail("partition",
                "expected an integer from 0 to partitions-1 (" + std::to_string(js.partitions - 1) + ")");
  }
  js.fetch_batch = static_cast<int>(config.integer("fetch_batch", js.fetch_batch, 1, 10000));
  js.max_in_flight = static_cast<int>(config.integer("max_in_flight", js.max_in_flight, 1, 65536));
  js.max_ack_pending = config.integer("max_ack_pending", js.max_ack_pending, 1, 100000000);
  // The server refuses a duplicate window longer than the stream's max age: the default shrinks to
  // fit, a window given explicitly is an error.
  if (js.max_age_ms > 0) js.duplicate_window_ms = std::min(js.duplicate_window_ms, js.max_age_ms);
  js.duplicate_window_ms = config.integer("duplicate_window_ms", js.duplicate_window_ms, 1000, largest_int);
  if (js.max_age_ms > 0 && js.duplicate_window_ms > js.max_age_ms) {
    config.fail("duplicate_window_ms", "expected at most max_age_ms (" + std::to_string(js.max_age_ms) +
                                           "): the server refuses a longer duplicate window");
  }
  return read;
}

}  // namespace nats_broker
