// The zmq broker's config: the keys its manifest declares, and their reading into typed values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"

namespace zmq_broker {

enum class Pattern { push_pull, pub_sub };

// The side that binds every endpoint; the other side connects to them.
enum class BindingSide { receiver, sender };

// The defaults here and in the manifest entries below must agree; they sit side by side for that reason.
struct ZmqBrokerConfig {
  Pattern pattern = Pattern::push_pull;
  std::vector<std::string> endpoints = {"inproc://event-engine", "tcp://127.0.0.1:5555"};
  BindingSide bind = BindingSide::receiver;
  int high_water_mark = 100000;
  int linger_ms = 1000;
  // The engine's HTTP body limit (http.max_body_bytes' default): no door takes more in one piece.
  std::int64_t max_message_bytes = 64 * 1024 * 1024;
};

inline constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"pattern", "string", R"("push_pull")",
     "push_pull (backpressure, no silent loss) or pub_sub (fan-out; a subscriber that falls behind by "
     "high_water_mark messages loses messages)"},
    {"endpoints", "array", R"(["inproc://event-engine", "tcp://127.0.0.1:5555"])",
     "ZeroMQ endpoints (inproc://, ipc://, tcp://): the binding side binds them all; a connecting socket "
     "uses the inproc one when its peer is on the same broker, else the first that is not inproc"},
    {"bind", "string", R"("receiver")",
     "which side binds the endpoints: receiver (the subscribing engine; publishers connect) or sender "
     "(publishers bind; receivers connect)"},
    {"high_water_mark", "integer", "100000",
     "messages queued per socket and peer before a sender waits "
     "(push_pull) or drops (pub_sub); 0 = unlimited"},
    {"linger_ms", "integer", "1000", "how long a closing socket keeps sending what is queued"},
    {"max_message_bytes", "integer", "67108864",
     "the largest message frame the receiving socket takes (ZMQ_MAXMSGSIZE); a peer that sends a larger "
     "one is disconnected before it is buffered"},
};

// Throws event_engine::ConfigError naming the JSON path of a bad value.
ZmqBrokerConfig read_config(const event_engine::ConfigReader& config);

}  // namespace zmq_broker
