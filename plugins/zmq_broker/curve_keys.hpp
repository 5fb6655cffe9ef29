// The CURVE keys of the zmq broker, read from the files or environment variables the config names
// (never from the config's text): the binding side's secret key and the public keys it lets in, the
// connecting side's secret key and the binding side's public key.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "event_engine/config_reader.hpp"

namespace zmq_broker {

// Keys in Z85 text (40 characters), as ZeroMQ's socket options take them, except the authorised
// keys: raw 32 bytes, as a ZAP request carries the client's key.
struct CurveKeys {
  std::string server_secret_key;         // empty: the binding socket takes plain (NULL) peers
  std::string server_public_key_of_own;  // derived from server_secret_key, for the log
  std::vector<std::string> authorised_keys;
  std::string client_secret_key;  // empty: connecting sockets use no CURVE
  std::string client_public_key;  // derived from client_secret_key
  std::string server_public_key;  // the binding side's, which a connecting socket checks

  bool serves() const noexcept { return !server_secret_key.empty(); }
  bool connects() const noexcept { return !client_secret_key.empty(); }
};

// Throws event_engine::ConfigError naming the key (its JSON path) of a missing, unreadable or
// malformed key, of a key given both as a file and as a variable, and of a half-configured side
// (a server secret key without authorised keys, a client secret key without the server's public
// key, or the reverse). Relative files resolve against `config_dir`.
CurveKeys read_curve_keys(const event_engine::ConfigReader& config, const std::filesystem::path& config_dir);

}  // namespace zmq_broker
