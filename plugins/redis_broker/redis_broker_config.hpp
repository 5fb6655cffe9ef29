// The redis broker's config: the keys its manifest declares, and their reading into typed values.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "connection_settings.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"

namespace redis_broker {

enum class BrokerMode { pubsub, stream };

// The defaults here and in the manifest entries below must agree; they sit side by side for that reason.
struct StreamSettings {
  std::string group = "event-engine";
  // Empty in the config: "<host name>-<checkpoint key>", filled in by read_broker_config.
  std::string consumer;
  std::string field = "e";
  std::uint64_t maxlen = 0;  // 0: no trimming
  std::size_t read_count = 10000;
  std::chrono::milliseconds claim_idle{30000};
  // Empty in the config: "event-engine:checkpoint:<checkpoint key>", filled in by read_broker_config.
  std::string checkpoint_hash;
  // How long an Idempotency-Key is remembered: a retry within it stores nothing twice.
  std::chrono::milliseconds idempotency_window{86400000};
};

struct RedisBrokerConfig {
  BrokerMode mode = BrokerMode::pubsub;
  ConnectionSettings connection;
  std::chrono::milliseconds reconnect_max{5000};
  // The engine's HTTP body limit (http.max_body_bytes' default): no door takes more in one piece.
  std::uint64_t max_message_bytes = 64 * 1024 * 1024;
  StreamSettings stream;
};

inline constexpr std::array<event_engine::ConfigKeyInfo, 11> broker_own_config_keys{{
    {"mode", "string", R"("pubsub")",
     "pubsub (channel = topic; fire-and-forget: a slow or absent subscriber loses messages) or stream "
     "(XADD/XREADGROUP with a consumer group: durable, several engines can share a stream)"},
    {"reconnect_max_ms", "integer", "5000",
     "longest wait between reconnection attempts (the wait starts at 100 ms and doubles)"},
    {"max_message_bytes", "integer", "67108864",
     "the largest message (pubsub) or entry field (stream) taken; a larger one is never applied: it goes "
     "to the dead-letter file with its size and first bytes, is counted, and (stream) acknowledged"},
    {"group", "string", R"("event-engine")", "stream mode: consumer group name"},
    {"consumer", "string", R"("")",
     "stream mode: consumer name in the group; empty: \"<host name>-<process.checkpoint.key>\" (the same "
     "after a restart, so the engine re-reads its own pending entries first). Give each engine of a group "
     "its own checkpoint key (or consumer)"},
    {"field", "string", R"("e")", "stream mode: the entry field that holds the event"},
    {"maxlen", "integer", "0",
     "stream mode: XADD trims the stream to about this many entries (MAXLEN ~); 0: never"},
    {"read_count", "integer", "10000", "stream mode: most entries asked for by one XREADGROUP (COUNT)"},
    {"claim_idle_ms", "integer", "30000",
     "stream mode: a consumer whose heartbeat is this old is dead; its pending entries are appended "
     "again to the stream for the live engines. At least 1000; well above process.checkpoint.every_ms"},
    {"checkpoint_hash", "string", R"("")",
     "stream mode: the Redis hash this engine's checkpoint is saved in; empty: "
     "\"event-engine:checkpoint:<process.checkpoint.key>\" (the redis store's default). A live engine that "
     "requeues a dead one's pending entries acknowledges those its checkpoint covers: they are in its share"},
    {"idempotency_window_ms", "integer", "86400000",
     "stream mode: how long Redis remembers a request's Idempotency-Key (a retry within it stores nothing "
     "twice): the clients' retry horizon. At least 1000"},
}};

inline constexpr auto broker_config_keys = with_connection_keys(broker_own_config_keys);

// Throws event_engine::ConfigError naming the JSON path of a bad value. `checkpoint_key` is the
// pipeline's (PluginContext::checkpoint_key): the default consumer name derives from it.
RedisBrokerConfig read_broker_config(const event_engine::ConfigReader& config,
                                     std::string_view checkpoint_key);

}  // namespace redis_broker
