#include "connection_settings.hpp"

#include <limits>

namespace redis_broker {

std::string ConnectionSettings::server() const {
  std::string text = unix_socket.empty() ? host + ":" + std::to_string(port) : "unix:" + unix_socket;
  if (db != 0) text += " db " + std::to_string(db);
  return text;
}

ConnectionSettings read_connection_settings(const event_engine::ConfigReader& config) {
  constexpr std::int64_t largest_int = std::numeric_limits<int>::max();
  ConnectionSettings read;
  read.host = config.string("host", read.host);
  if (read.host.empty()) config.fail("host", "expected a host name or address");
  read.port = static_cast<int>(config.integer("port", read.port, 1, 65535));
  read.unix_socket = config.string("unix_socket", read.unix_socket);
  read.db = static_cast<int>(config.integer("db", read.db, 0, largest_int));
  read.username = config.string("username", read.username);
  read.password_env = config.string("password_env", read.password_env);
  if (!read.username.empty() && read.password_env.empty()) {
    config.fail("username", "expected password_env too (AUTH with a user name needs a password)");
  }
  read.connect_timeout = std::chrono::milliseconds(
      config.integer("connect_timeout_ms", read.connect_timeout.count(), 1, largest_int));
  read.command_timeout = std::chrono::milliseconds(
      config.integer("command_timeout_ms", read.command_timeout.count(), 1, largest_int));
  return read;
}

}  // namespace redis_broker
