#include "keys/keys_config.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "event_engine/config_reader.hpp"

namespace event_engine {

namespace {
constexpr const char* keys_path = "/process/keys";
constexpr std::size_t longest_separator = 16;

// A JSON pointer as RFC 6901 writes it: empty (the whole document) or "/"-separated tokens in
// which "~" is only ever "~0" or "~1".
void check_pointer(const std::string& pointer, const std::string& path) {
  bool valid = pointer.empty() || pointer.front() == '/';
  for (std::size_t i = 0; valid && i < pointer.size(); ++i) {
    if (pointer[i] == '~') valid = i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1');
  }
  if (!valid || pointer.size() > 1024) {
    throw ConfigError(path,
                      "expected a JSON pointer such as \"/variant\", got " + ConfigReader::shown(pointer));
  }
}
}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  std::uint64_t amount = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), amount);
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (error != std::errc() || amount == 0 || amount > 100000000) return std::nullopt;
  if (unit == "s") return std::chrono::seconds(amount);
  if (unit == "m") return std::chrono::minutes(amount);
  if (unit == "h") return std::chrono::hours(amount);
  if (unit == "d") return std::chrono::hours(24 * amount);
  return std::nullopt;
}

std::optional<KeysConfig> read_keys_config(const nlohmann::json& process_section) {
  if (!process_section.is_object() || !process_section.contains("keys") ||
      process_section.at("keys").is_null())
    return std::nullopt;
  const nlohmann::json& section = process_section.at("keys");
  if (!section.is_object()) {
    throw ConfigError(keys_path,
                      "expected an object such as {\"format\": \"text\", \"separator\": \":\"}, got " +
                          ConfigReader::shown(section));
  }
  const ConfigReader reader(section, keys_path);
  const std::string format = reader.required_string("format");
  KeysConfig keys;
  if (format == "json") {
    keys.format = KeyFormat::json;
    keys.separator = "/";
  } else if (format != "text") {
    reader.fail("format", "expected \"json\" or \"text\", got " + ConfigReader::shown(format));
  }
  for (const auto& [name, value] : section.items()) {
    const bool known = name == "format" || name == "separator" || name == "max_keys" ||
                       name == "idle_expiry" ||
                       (keys.format == KeyFormat::json && (name == "key" || name == "value"));
    if (!known) {
      throw ConfigError(std::string(keys_path) + "/" + ConfigReader::shortened(name, 40),
                        keys.format == KeyFormat::json
                            ? "unknown key; expected format, key, value, separator, max_keys or idle_expiry"
                            : "unknown key; a text key takes format, separator, max_keys and idle_expiry");
    }
  }
  keys.separator = reader.string("separator", keys.separator);
  if (keys.separator.size() > longest_separator ||
      (keys.format == KeyFormat::text && keys.separator.empty())) {
    reader.fail("separator", keys.format == KeyFormat::text ? "expected 1 to 16 bytes, such as \":\""
                                                            : "expected at most 16 bytes, such as \"/\"");
  }
  keys.max_keys = static_cast<std::size_t>(
      reader.integer("max_keys", static_cast<std::int64_t>(keys.max_keys), 1, largest_max_keys));
  if (section.contains("idle_expiry") && !section.at("idle_expiry").is_null()) {
    const std::string expiry = reader.required_string("idle_expiry");
    keys.idle_expiry = parse_duration(expiry);
    if (!keys.idle_expiry)
      reader.fail("idle_expiry",
                  "expected a whole number and a unit (s, m, h or d), such as \"30m\" or \"7d\", got " +
                      ConfigReader::shown(expiry));
  }
  if (keys.format == KeyFormat::json) {
    keys.key_pointers = reader.string_list("key", {});
    if (keys.key_pointers.empty() || keys.key_pointers.size() > 8) {
      reader.fail("key", "expected a list of 1 to 8 JSON pointers, such as [\"/experiment\", \"/variant\"]");
    }
    for (std::size_t i = 0; i < keys.key_pointers.size(); ++i) {
      check_pointer(keys.key_pointers[i], std::string(keys_path) + "/key/" + std::to_string(i));
    }
    keys.value_pointer = reader.required_string("value");
    check_pointer(keys.value_pointer, std::string(keys_path) + "/value");
  }
  return keys;
}

nlohmann::json keys_config_schema() {
  using nlohmann::json;
  return json{
      {"type", "object"},
      {"description",
       "how each event becomes a key and a value: the model keeps one state per key (absent: one state)"},
      {"properties",
       {{"format",
         {{"enum", json::array({"json", "text"})},
          {"description", "json: key and value from JSON pointers; text: KEY<separator>VALUE"}}},
        {"key",
         {{"type", "array"},
          {"items", {{"type", "string"}}},
          {"minItems", 1},
          {"maxItems", 8},
          {"description", "json: the key's parts, as JSON pointers, joined with separator"}}},
        {"value",
         {{"type", "string"},
          {"description", "json: the value's JSON pointer; its text is what the model sees"}}},
        {"separator",
         {{"type", "string"},
          {"maxLength", longest_separator},
          {"description",
           "text: splits at its first occurrence (default \":\"); json: joins the key's parts (default "
           "\"/\")"}}},
        {"max_keys",
         {{"type", "integer"},
          {"minimum", 1},
          {"maximum", largest_max_keys},
          {"description", "events for new keys beyond this many are dead-lettered (default 1000000)"}}},
        {"idle_expiry",
         {{"type", "string"},
          {"pattern", "^[1-9][0-9]*[smhd]$"},
          {"description",
           "drop keys that saw no event for this long, such as \"30m\" or \"7d\" (absent: never)"}}}}},
      {"required", json::array({"format"})},
      {"additionalProperties", false}};
}

}  // namespace event_engine
