// The nats broker's config: the keys its manifest declares, and their reading into typed values.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "connection_settings.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"

namespace nats_broker {

enum class BrokerMode { core, jetstream };

// The defaults here and in the manifest entries below must agree; they sit side by side for that reason.
struct JetStreamSettings {
  std::string stream;  // empty: the topic, with '.' replaced by '_'
  int replicas = 1;
  std::int64_t max_age_ms = 0;  // 0: kept forever
  std::int64_t max_bytes = 0;   // 0: no limit
  std::string group = "event-engine";
  int partitions = 1;
  int partition = 0;
  int fetch_batch = 64;
  int max_in_flight = 256;
  std::int64_t max_ack_pending = 1000000;
  // The stream's duplicate window (Nats-Msg-Id), and how long Idempotency-Keys are remembered.
  std::int64_t duplicate_window_ms = 120000;
};

struct NatsBrokerConfig {
  BrokerMode mode = BrokerMode::core;
  ConnectionSettings connection;
  std::size_t events_per_message = 1000;
  JetStreamSettings jetstream;
};

inline constexpr std::array<event_engine::ConfigKeyInfo, 13> broker_own_config_keys{{
    {"mode", "string", R"("core")",
     "core (plain subjects, fire-and-forget: an absent or slow subscriber loses messages, counted) or "
     "jetstream (a replicated stream: durable, exactly once with a checkpoint)"},
    {"events_per_message", "integer", "1000", "most events framed into one NATS message"},
    {"stream", "string", R"("")", "jetstream: stream name; empty: the topic with '.' replaced by '_'"},
    {"replicas", "integer", "1", "jetstream: copies of the stream when it is created (1 to 5)"},
    {"max_age_ms", "integer", "0", "jetstream: messages older than this are removed; 0: never"},
    {"max_bytes", "integer", "0", "jetstream: the stream keeps at most this many bytes; 0: no limit"},
    {"group", "string", R"("event-engine")",
     "jetstream: the engines sharing the stream; durable consumer <group>-p<partition>"},
    {"partitions", "integer", "1",
     "jetstream: subjects <topic>.0 .. <topic>.P-1 when above 1; publishers spread messages over them, "
     "each engine of the group owns one"},
    {"partition", "integer", "0", "jetstream: the partition this engine consumes (0 .. partitions-1)"},
    {"fetch_batch", "integer", "64", "jetstream: most messages asked for by one pull"},
    {"max_in_flight", "integer", "256", "jetstream: most publishes awaiting their acknowledgement"},
    {"max_ack_pending", "integer", "1000000",
     "jetstream: most messages the server delivers past the last checkpoint (acknowledgements follow "
     "checkpoints); keep it above the messages one checkpoint interval holds"},
    {"duplicate_window_ms", "integer", "120000",
     "jetstream: the stream's duplicate window, and how long an Idempotency-Key is remembered (a retry "
     "within it stores nothing twice): the clients' retry horizon"},
}};

inline constexpr auto broker_config_keys = with_connection_keys(broker_own_config_keys);

// Throws event_engine::ConfigError naming the JSON path of a bad value.
NatsBrokerConfig read_broker_config(const event_engine::ConfigReader& config);

}  // namespace nats_broker
