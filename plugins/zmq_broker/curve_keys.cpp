#include "curve_keys.hpp"

#include <zmq.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace zmq_broker {
namespace {

constexpr std::size_t z85_key_length = 40;
constexpr std::size_t binary_key_length = 32;
constexpr const char* key_hint =
    "a CURVE key: 40 Z85 characters, as python3 -c 'import zmq; print(zmq.curve_keypair())' prints them";

// Where one key comes from: the text of a file or of an environment variable, named by the config.
struct KeySource {
  std::string text;
  std::string key;  // the config key that named it, for errors
};

std::optional<KeySource> read_source(const event_engine::ConfigReader& config, const std::string& name,
                                     const std::filesystem::path& config_dir) {
  const std::string file_key = name + "_file";
  const std::string env_key = name + "_env";
  const std::string file = config.string(file_key, "");
  const std::string variable = config.string(env_key, "");
  if (!file.empty() && !variable.empty())
    config.fail(env_key, "expected either " + file_key + " or " + env_key);
  if (!variable.empty()) {
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr || *value == '\0') {
      throw event_engine::ConfigError(config.path_of(env_key),
                                      "expected the name of a set environment variable "
                                      "holding " +
                                          std::string(key_hint) + "; " + variable + " is not set");
    }
    return KeySource{value, env_key};
  }
  if (file.empty()) return std::nullopt;
  const std::filesystem::path given(file);
  const std::filesystem::path path = given.is_absolute() ? given : (config_dir / given).lexically_normal();
  std::ifstream in(path);
  if (!in) {
    throw event_engine::ConfigError(config.path_of(file_key),
                                    "expected a readable file holding " + std::string(key_hint) +
                                        "; cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return KeySource{text.str(), file_key};
}

// The whitespace- or comma-separated words of `text`. No comments: '#' is a Z85 character.
std::vector<std::string> words_of(std::string text) {
  std::replace(text.begin(), text.end(), ',', ' ');
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The 32 bytes of a Z85 key; a ConfigError naming `source` (never the key) if it is not one.
std::string decoded(const std::string& z85, const KeySource& source,
                    const event_engine::ConfigReader& config) {
  std::string binary(binary_key_length, '\0');
  if (z85.size() != z85_key_length ||
      zmq_z85_decode(reinterpret_cast<std::uint8_t*>(binary.data()), z85.c_str()) == nullptr) {
    throw event_engine::ConfigError(config.path_of(source.key),
                                    "expected " + std::string(key_hint) + "; what it names is not one");
  }
  return binary;
}

std::string one_key(const KeySource& source, const event_engine::ConfigReader& config) {
  const std::vector<std::string> words = words_of(source.text);
  if (words.size() != 1) {
    throw event_engine::ConfigError(config.path_of(source.key), "expected " + std::string(key_hint) +
                                                                    "; what it names holds " +
                                                                    std::to_string(words.size()) + " words");
  }
  decoded(words.front(), source, config);
  return words.front();
}

std::string public_key_of(const std::string& secret_key) {
  char public_key[z85_key_length + 1] = {};
  if (zmq_curve_public(public_key, secret_key.c_str()) != 0)
    throw std::runtime_error("zmq_curve_public failed");
  return public_key;
}

}  // namespace

CurveKeys read_curve_keys(const event_engine::ConfigReader& config, const std::filesystem::path& config_dir) {
  CurveKeys keys;
  const std::optional<KeySource> server_secret = read_source(config, "curve_server_secret_key", config_dir);
  const std::optional<KeySource> authorised = read_source(config, "curve_authorized_keys", config_dir);
  const std::optional<KeySource> client_secret = read_source(config, "curve_client_secret_key", config_dir);
  const std::optional<KeySource> server_public = read_source(config, "curve_server_public_key", config_dir);
  if (server_secret.has_value() != authorised.has_value()) {
    config.fail(server_secret ? "curve_authorized_keys_file" : "curve_server_secret_key_file",
                "expected curve_server_secret_key_(file|env) and curve_authorized_keys_(file|env) together "
                "(a CURVE server lets in only the clients whose public keys it is given)");
  }
  if (client_secret.has_value() != server_public.has_value()) {
    config.fail(client_secret ? "curve_server_public_key_file" : "curve_client_secret_key_file",
                "expected curve_client_secret_key_(file|env) and curve_server_public_key_(file|env) together "
                "(a CURVE client needs its own secret key and the server's public key)");
  }
  if (server_secret) {
    keys.server_secret_key = one_key(*server_secret, config);
    keys.server_public_key_of_own = public_key_of(keys.server_secret_key);
    for (const std::string& word : words_of(authorised->text)) {
      keys.authorised_keys.push_back(decoded(word, *authorised, config));
    }
    if (keys.authorised_keys.empty()) {
      throw event_engine::ConfigError(
          config.path_of(authorised->key),
          "expected at least one client public key (" + std::string(key_hint) + ")");
    }
  }
  if (client_secret) {
    keys.client_secret_key = one_key(*client_secret, config);
    keys.client_public_key = public_key_of(keys.client_secret_key);
    keys.server_public_key = one_key(*server_public, config);
  }
  return keys;
}

}  // namespace zmq_broker
