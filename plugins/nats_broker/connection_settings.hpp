// Where and how to reach NATS: the config keys the broker and the store share.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"

namespace nats_broker {

// The defaults here and in the manifest entries below must agree; they sit side by side for that reason.
struct ConnectionSettings {
  std::vector<std::string> servers{"nats://127.0.0.1:4222"};
  std::string user_env;      // names of environment variables: the credentials never sit in the config
  std::string password_env;  // or the logs
  std::string token_env;
  std::string tls_ca_file;  // any TLS key set: the connection requires TLS
  std::string tls_cert_file;
  std::string tls_key_file;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds reconnect_max{5000};
  std::chrono::milliseconds request_timeout{5000};  // JetStream API calls and acknowledgements
  bool ignore_discovered_servers = false;

  bool tls() const { return !tls_ca_file.empty() || !tls_cert_file.empty(); }
};

inline constexpr std::array<event_engine::ConfigKeyInfo, 11> connection_config_keys{{
    {"servers", "string", R"("nats://127.0.0.1:4222")",
     "NATS server URLs, comma-separated (or a list): every node of a cluster, tried in turn"},
    {"user_env", "string", R"("")", "name of the environment variable that holds the user name", true},
    {"password_env", "string", R"("")",
     "name of the environment variable that holds the password (never in the config or the logs)", true},
    {"token_env", "string", R"("")", "name of the environment variable that holds an auth token", true},
    {"tls_ca_file", "string", R"("")", "CA certificates (PEM) the server's certificate must chain to"},
    {"tls_cert_file", "string", R"("")", "client certificate (PEM), with tls_key_file"},
    {"tls_key_file", "string", R"("")", "client private key (PEM), with tls_cert_file"},
    {"connect_timeout_ms", "integer", "2000", "longest wait for one connection attempt"},
    {"reconnect_max_ms", "integer", "5000",
     "longest wait between reconnection attempts (the wait starts at 100 ms and doubles); reconnects "
     "forever"},
    {"request_timeout_ms", "integer", "5000",
     "longest wait for a JetStream reply (stream and consumer set-up, publish acknowledgements)"},
    {"ignore_discovered_servers", "boolean", "false",
     "use only the servers listed, not the other cluster nodes the server announces"},
}};

// Throws event_engine::ConfigError naming the JSON path of a bad value.
ConnectionSettings read_connection_settings(const event_engine::ConfigReader& config);

// The manifest's key list: the connection keys followed by `own`.
template <std::size_t N>
constexpr std::array<event_engine::ConfigKeyInfo, connection_config_keys.size() + N> with_connection_keys(
    const std::array<event_engine::ConfigKeyInfo, N>& own) {
  std::array<event_engine::ConfigKeyInfo, connection_config_keys.size() + N> all{};
  std::size_t next = 0;
  for (const auto& key : connection_config_keys) all[next++] = key;
  for (const auto& key : own) all[next++] = key;
  return all;
}

}  // namespace nats_broker
