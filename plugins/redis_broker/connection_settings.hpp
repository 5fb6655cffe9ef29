// Where and how to reach Redis: the config keys the broker and the store share.
#pragma once

#include <array>
#include <chrono>
#include <string>

#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"

namespace redis_broker {

// The defaults here and in the manifest entries below must agree; they sit side by side for that reason.
struct ConnectionSettings {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string unix_socket;  // when set, used instead of host and port
  int db = 0;
  std::string username;      // ACL user; empty: the default user
  std::string password_env;  // name of the environment variable holding the password; empty: no AUTH
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{5000};

  // "127.0.0.1:6379" or "unix:/run/redis.sock", with " db N" when not 0; never the password.
  std::string server() const;
};

inline constexpr std::array<event_engine::ConfigKeyInfo, 8> connection_config_keys{{
    {"host", "string", R"("127.0.0.1")", "Redis host name or address"},
    {"port", "integer", "6379", "Redis TCP port"},
    {"unix_socket", "string", R"("")", "path of a Redis unix socket; when set, host and port are not used"},
    {"db", "integer", "0", "database number (SELECT)"},
    {"username", "string", R"("")", "ACL user name for AUTH; empty: the default user"},
    {"password_env", "string", R"("")",
     "name of the environment variable that holds the password (the password itself is never in the "
     "config or the logs); empty: no AUTH"},
    {"connect_timeout_ms", "integer", "2000", "longest wait for a connection to be established"},
    {"command_timeout_ms", "integer", "5000", "longest wait for a reply before the connection is dropped"},
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

}  // namespace redis_broker
