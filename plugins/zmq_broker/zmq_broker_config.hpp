// The zmq broker's config: the keys its manifest declares, and their reading into typed values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "curve_keys.hpp"
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
  CurveKeys curve;
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
    {"curve_server_secret_key_file", "string", R"("")",
     "CURVE on the binding socket: a file holding its secret key (Z85, 40 characters); with "
     "curve_authorized_keys_(file|env), only those clients get in over tcp and ipc"},
    {"curve_server_secret_key_env", "string", R"("")",
     "as curve_server_secret_key_file, from the environment variable of this name"},
    {"curve_authorized_keys_file", "string", R"("")",
     "a file of the public keys (Z85) of the clients the binding socket lets in, separated by newlines, "
     "spaces or "
     "commas (no comments: # is a Z85 character)"},
    {"curve_authorized_keys_env", "string", R"("")",
     "as curve_authorized_keys_file, from the environment variable of this name (keys separated by spaces "
     "or commas)"},
    {"curve_client_secret_key_file", "string", R"("")",
     "CURVE on the connecting sockets: a file holding their secret key (Z85); needs "
     "curve_server_public_key_(file|env)"},
    {"curve_client_secret_key_env", "string", R"("")",
     "as curve_client_secret_key_file, from the environment variable of this name"},
    {"curve_server_public_key_file", "string", R"("")",
     "a file holding the binding side's public key (Z85), which the connecting sockets check"},
    {"curve_server_public_key_env", "string", R"("")",
     "as curve_server_public_key_file, from the environment variable of this name"},
};

// Throws event_engine::ConfigError naming the JSON path of a bad value.
// Relative key files resolve against `config_dir`.
ZmqBrokerConfig read_config(const event_engine::ConfigReader& config,
                            const std::filesystem::path& config_dir);

}  // namespace zmq_broker
