// process.keys: how each event becomes a key and a value, so that one model keeps a state per key
// (the variants of an A/B test, a rate per page). Absent: one state for the whole stream.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace event_engine {

enum class KeyFormat { json, text };

struct KeysConfig {
  KeyFormat format = KeyFormat::text;
  // json: the key's parts as JSON pointers, joined with `separator`; the value's pointer.
  std::vector<std::string> key_pointers;
  std::string value_pointer;
  // text: KEY<separator>VALUE, split at the separator's first occurrence.
  std::string separator = ":";
  // An event for a new key beyond this many is refused (dead-lettered), never applied.
  std::size_t max_keys = 1000000;
  // Keys that saw no event for this long are dropped; absent: keys live until removed.
  std::optional<std::chrono::seconds> idle_expiry;

  bool operator==(const KeysConfig&) const = default;
};

// The longest key, in bytes; a longer one is refused per event.
inline constexpr std::size_t max_key_bytes = 256;
// The most keys a pipeline may be configured for.
inline constexpr std::size_t largest_max_keys = 100000000;

// "90s", "30m", "12h", "7d": a whole number and a unit; nullopt when `text` is not one.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// Reads process.keys from the process section (absent or null: unkeyed). Throws ConfigError naming
// the JSON path.
std::optional<KeysConfig> read_keys_config(const nlohmann::json& process_section);

// The JSON Schema of process.keys, for `event-engine schema`.
nlohmann::json keys_config_schema();

}  // namespace event_engine
