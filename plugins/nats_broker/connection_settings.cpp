#include "connection_settings.hpp"

#include <limits>

namespace nats_broker {
namespace {

constexpr std::size_t most_servers = 64;

std::vector<std::string> split_servers(const std::string& text) {
  std::vector<std::string> servers;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    std::string server = text.substr(begin, comma - begin);
    while (!server.empty() && server.front() == ' ') server.erase(server.begin());
    while (!server.empty() && server.back() == ' ') server.pop_back();
    servers.push_back(std::move(server));
    begin = comma + 1;
  }
  return servers;
}

}  // namespace

ConnectionSettings read_connection_settings(const event_engine::ConfigReader& config) {
  constexpr std::int64_t largest_int = std::numeric_limits<int>::max();
  ConnectionSettings read;
  if (config.has("servers")) {
    read.servers = config.raw().at("servers").is_array() ? config.string_list("servers", {})
                                                         : split_servers(config.string("servers", ""));
  }
  if (read.servers.empty() || read.servers.size() > most_servers) {
    config.fail("servers", "expected 1 to 64 NATS server URLs");
  }
  for (const std::string& server : read.servers) {
    if (server.empty() || server.size() > 512)
      config.fail("servers", "expected non-empty URLs of at most 512 bytes");
  }
  read.user_env = config.string("user_env", "");
  read.password_env = config.string("password_env", "");
  read.token_env = config.string("token_env", "");
  if (read.user_env.empty() != read.password_env.empty()) {
    config.fail(read.user_env.empty() ? "user_env" : "password_env",
                "expected user_env and password_env together (user/password authentication needs both)");
  }
  if (!read.token_env.empty() && !read.user_env.empty()) {
    config.fail("token_env", "expected either token_env or user_env/password_env, not both");
  }
  read.tls_ca_file = config.string("tls_ca_file", "");
  read.tls_cert_file = config.string("tls_cert_file", "");
  read.tls_key_file = config.string("tls_key_file", "");
  if (read.tls_cert_file.empty() != read.tls_key_file.empty()) {
    config.fail(read.tls_cert_file.empty() ? "tls_cert_file" : "tls_key_file",
                "expected tls_cert_file and tls_key_file together");
  }
  read.connect_timeout = std::chrono::milliseconds(
      config.integer("connect_timeout_ms", read.connect_timeout.count(), 1, largest_int));
  read.reconnect_max = std::chrono::milliseconds(
      config.integer("reconnect_max_ms", read.reconnect_max.count(), 100, largest_int));
  read.request_timeout = std::chrono::milliseconds(
      config.integer("request_timeout_ms", read.request_timeout.count(), 1, largest_int));
  read.ignore_discovered_servers = config.boolean("ignore_discovered_servers", false);
  return read;
}

}  // namespace nats_broker
