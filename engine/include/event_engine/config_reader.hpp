// Reads a plugin's config object with typed accessors that throw ConfigError naming the JSON path
// and what was expected. The engine has already refused keys the plugin's manifest does not list.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/config_error.hpp"

namespace event_engine {

class ConfigReader {
 public:
  // `value` must outlive the reader; `path` is its JSON pointer ("/process/model/config").
  ConfigReader(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }
  const nlohmann::json& raw() const noexcept { return value_; }
  std::string path_of(std::string_view key) const { return path_ + "/" + std::string(key); }

  bool has(std::string_view key) const {
    return value_.is_object() && value_.contains(key) && !value_.at(std::string(key)).is_null();
  }

  // The object at `key`; a missing key reads as an empty object.
  ConfigReader child(std::string_view key) const {
    if (!has(key)) return ConfigReader(empty_object(), path_of(key));
    const nlohmann::json& found = at(key);
    if (!found.is_object()) fail(key, "expected an object");
    return ConfigReader(found, path_of(key));
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback,
                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
    if (!has(key)) return fallback;
    const std::optional<std::int64_t> whole = whole_number(at(key));
    if (!whole || *whole < min || *whole > max) fail(key, "expected an integer" + range_text(min, max));
    return *whole;
  }

  double number(std::string_view key, double fallback, double min = -std::numeric_limits<double>::infinity(),
                double max = std::numeric_limits<double>::infinity()) const {
    if (!has(key)) return fallback;
    const nlohmann::json& found = at(key);
    if (!found.is_number() || !(found.get<double>() >= min) || !(found.get<double>() <= max)) {
      fail(key, "expected a number" + range_text(min, max));
    }
    return found.get<double>();
  }

  bool boolean(std::string_view key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!at(key).is_boolean()) fail(key, "expected true or false");
    return at(key).get<bool>();
  }

  std::string string(std::string_view key, std::string_view fallback) const {
    if (!has(key)) return std::string(fallback);
    if (!at(key).is_string()) fail(key, "expected a string");
    return at(key).get<std::string>();
  }

  std::string required_string(std::string_view key) const {
    if (!has(key)) fail(key, "expected a string");
    return string(key, "");
  }

  // A string that must be one of `choices`.
  std::string one_of(std::string_view key, std::string_view fallback,
                     std::initializer_list<std::string_view> choices) const {
    std::string chosen = string(key, fallback);
    for (std::string_view choice : choices) {
      if (chosen == choice) return chosen;
    }
    std::string expected = "expected one of";
    for (std::string_view choice : choices) expected += std::string(" \"") + std::string(choice) + "\"";
    fail(key, expected);
  }

  // A list of strings; a single string is accepted as a list of one.
  std::vector<std::string> string_list(std::string_view key, std::vector<std::string> fallback) const {
    if (!has(key)) return fallback;
    const nlohmann::json& found = at(key);
    if (found.is_string()) return {found.get<std::string>()};
    if (!found.is_array()) fail(key, "expected a list of strings");
    std::vector<std::string> items;
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (!found[i].is_string()) {
        throw ConfigError(path_of(key) + "/" + std::to_string(i),
                          "expected a string, got " + shown(found[i]));
      }
      items.push_back(found[i].get<std::string>());
    }
    return items;
  }

  std::vector<double> number_list(std::string_view key) const {
    if (!has(key) || !at(key).is_array()) fail(key, "expected a list of numbers");
    const nlohmann::json& found = at(key);
    std::vector<double> items;
    items.reserve(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (!found[i].is_number()) {
        throw ConfigError(path_of(key) + "/" + std::to_string(i),
                          "expected a number, got " + shown(found[i]));
      }
      items.push_back(found[i].get<double>());
    }
    return items;
  }

  // Throws a ConfigError for `key`: "<path>/<key>: <expected>, got <value>".
  [[noreturn]] void fail(std::string_view key, const std::string& expected) const {
    const std::string got = has(key) ? shown(at(key)) : std::string("nothing");
    throw ConfigError(path_of(key), expected + ", got " + got);
  }

  // Compact JSON text of a value, cut short for error messages. Only the part shown is walked,
  // never the whole value (dump() would recurse once per nesting level and copy a 10 MB string
  // whole), so any value costs at most about shown_bytes of work and stack.
  static std::string shown(const nlohmann::json& value) {
    std::string text;
    append_shown(value, text);
    return shortened(text, shown_bytes);
  }

  // `text` itself when it has at most `max_bytes`, else its first bytes (never half a UTF-8
  // character) and "...".
  static std::string shortened(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes > 3 ? max_bytes - 3 : 0;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
  }

  static constexpr std::size_t shown_bytes = 60;

 private:
  // Stops adding once more than shown_bytes are written; every level adds at least one byte
  // before descending, so the recursion is at most shown_bytes deep whatever the value's depth.
  static void append_shown(const nlohmann::json& value, std::string& text) {
    if (text.size() > shown_bytes) return;
    switch (value.type()) {
      case nlohmann::json::value_t::object: {
        text += '{';
        for (auto item = value.begin(); item != value.end() && text.size() <= shown_bytes; ++item) {
          if (item != value.begin()) text += ',';
          append_quoted(item.key(), text);
          text += ':';
          append_shown(item.value(), text);
        }
        text += '}';
        return;
      }
      case nlohmann::json::value_t::array: {
        text += '[';
        for (auto item = value.begin(); item != value.end() && text.size() <= shown_bytes; ++item) {
          if (item != value.begin()) text += ',';
          append_shown(*item, text);
        }
        text += ']';
        return;
      }
      case nlohmann::json::value_t::string:
        append_quoted(value.get_ref<const std::string&>(), text);
        return;
      case nlohmann::json::value_t::binary:
        text += "<binary>";
        return;
      default:
        text += value.dump();  // a number, true, false or null: a few bytes
    }
  }

  // The string as JSON writes it, control characters escaped, up to shown_bytes of it.
  static void append_quoted(std::string_view string, std::string& text) {
    text += '"';
    for (const char c : string) {
      if (text.size() > shown_bytes) break;
      if (c == '"' || c == '\\') {
        text += '\\';
        text += c;
      } else if (c == '\n') {
        text += "\\n";
      } else if (c == '\t') {
        text += "\\t";
      } else if (static_cast<unsigned char>(c) < 0x20) {
        static constexpr char hex[] = "0123456789abcdef";
        text += "\\u00";
        text += hex[(c >> 4) & 0xF];
        text += hex[c & 0xF];
      } else {
        text += c;
      }
    }
    text += '"';
  }

  // An integer exactly, or nothing: unsigned values above int64's range and fractions are not.
  static std::optional<std::int64_t> whole_number(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
      const auto unsigned_value = value.get<std::uint64_t>();
      if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
      return static_cast<std::int64_t>(unsigned_value);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_number_float()) {
      // Beyond 2^53 a double no longer holds every integer; 9e15 keeps well inside.
      const double number = value.get<double>();
      if (std::trunc(number) == number && std::abs(number) < 9.0e15) return static_cast<std::int64_t>(number);
    }
    return std::nullopt;
  }

  const nlohmann::json& at(std::string_view key) const { return value_.at(std::string(key)); }

  static const nlohmann::json& empty_object() {
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
  }

  template <typename T>
  static std::string range_text(T min, T max) {
    // Integer types have no infinity: their open ends are lowest() and max().
    const bool has_min =
        min != std::numeric_limits<T>::lowest() &&
        (!std::numeric_limits<T>::has_infinity || min != -std::numeric_limits<T>::infinity());
    const bool has_max = max != std::numeric_limits<T>::max() &&
                         (!std::numeric_limits<T>::has_infinity || max != std::numeric_limits<T>::infinity());
    auto text = [](T v) { return nlohmann::json(v).dump(); };
    if (has_min && has_max) return " in [" + text(min) + ", " + text(max) + "]";
    if (has_min) return " >= " + text(min);
    if (has_max) return " <= " + text(max);
    return "";
  }

  const nlohmann::json& value_;
  std::string path_;
};

}  // namespace event_engine
