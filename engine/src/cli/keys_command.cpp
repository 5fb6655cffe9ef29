// `event-engine keys remove --config F KEY...`: asks the engine that runs the config to drop keys
// and their state, with DELETE /keys?key=K on its HTTP listener. The running engine owns the keyed
// state (its next checkpoint would bring back a key deleted from the store), so the removal goes
// through it. Exit 0: every key removed; 1: some key was not there; 2: the config is not a keyed
// one with HTTP, or the engine cannot be reached or refused.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

namespace http = boost::beast::http;

struct Reply {
  int status = 0;
  std::string body;
};

// A query value as RFC 3986 wants it: unreserved characters as they are, the rest %XX.
std::string percent_encoded(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(hex[c >> 4]);
      encoded.push_back(hex[c & 15]);
    }
  }
  return encoded;
}

// The address a client on this host reaches the listener at: a wildcard listener is reached on
// the loopback.
std::string reachable_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

Reply delete_key(const HttpConfig& config, const std::string& key, const std::string& token) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(resolver.resolve(reachable_host(config.host), std::to_string(config.port)));
  http::request<http::empty_body> request(http::verb::delete_, "/keys?key=" + percent_encoded(key), 11);
  request.set(http::field::host, reachable_host(config.host));
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  boost::beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace

int keys_remove_command(const ConfigOptions& options, const std::vector<std::string>& keys) {
  std::vector<std::string> errors;
  std::optional<PipelineConfig> config;
  try {
    config = load_pipeline_config(options.config_file, options.overrides, errors);
  } catch (const ConfigError& error) {
    errors.push_back(error.what());
  }
  if (config && (!config->process || !config->process->keys))
    errors.push_back("/process/keys: expected a keyed pipeline (process.keys), got none");
  if (config && !config->http)
    errors.push_back("/http: expected the HTTP listener of the engine that holds the keys, got none");
  if (!config || !errors.empty()) {
    for (const std::string& error : errors)
      std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.c_str());
    return exit_bad_config;
  }
  std::string token;
  if (!config->http->auth.token_env.empty()) {
    const char* value = std::getenv(config->http->auth.token_env.c_str());
    if (value != nullptr) token = value;
  }
  int exit_code = exit_ok;
  for (const std::string& key : keys) {
    Reply reply;
    try {
      reply = delete_key(*config->http, key, token);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "cannot reach the engine at %s:%d: %s\n", config->http->host.c_str(),
                   config->http->port, error.what());
      return exit_bad_config;
    }
    if (reply.status == 200) {
      std::printf("removed key \"%s\" and its state\n", key.c_str());
    } else if (reply.status == 404 && reply.body.rfind("no key", 0) == 0) {
      std::fprintf(stderr, "%s", reply.body.c_str());
      exit_code = exit_failure;
    } else {
      std::fprintf(stderr, "the engine answered %d: %s", reply.status, reply.body.c_str());
      return exit_bad_config;
    }
  }
  return exit_code;
}

}  // namespace event_engine
