#include "config/bounded_json.hpp"

#include <vector>

#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

using Json = nlohmann::json;

// Byte offset of the first '[' or '{' that opens a level deeper than `max_depth`. Runs before the
// parser so that the error can name the line and column, which the SAX interface does not tell.
std::optional<std::size_t> first_too_deep(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::string with_thousands(std::size_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

// A JSON pointer as errors show it: 64 levels of 256-byte keys would make a 16 KB line, so a
// long one keeps its end (where the fault is) and drops the start.
std::string shown_path(std::string path) {
  constexpr std::size_t most_shown = 300;
  if (path.size() <= most_shown) return path;
  std::size_t start = path.size() - (most_shown - 3);
  while (start < path.size() && (static_cast<unsigned char>(path[start]) & 0xC0) == 0x80) ++start;
  return "..." + path.substr(start);
}

std::string too_deep_reason(const JsonLimits& limits) {
  return "nested deeper than " + std::to_string(limits.max_depth) + " levels, the most a config may nest";
}

// nlohmann's message, without its "[json.exception...] parse error at line L, column C: " prefix
// (the caller names the place) and with the token it quotes cut short.
std::string syntax_reason(const nlohmann::detail::exception& error, const std::string& last_token) {
  std::string reason = error.what();
  if (const std::size_t colon = reason.find(": "); colon != std::string::npos) reason.erase(0, colon + 2);
  const std::string quoted = "last read: '" + last_token + "'";
  if (const std::size_t at = reason.find(quoted); at != std::string::npos) {
    reason.replace(at, quoted.size(),
                   "last read: '" + printable_bytes(ConfigReader::shortened(last_token, 40)) + "'");
  }
  return ConfigReader::shortened(reason, 300);
}

// Builds the document the way nlohmann's own DOM parser does (a stack of open containers, so no
// recursion), checking every value against the limits as it arrives.
class BoundedDocumentBuilder final : public nlohmann::json_sax<Json> {
 public:
  BoundedDocumentBuilder(Json& root, const JsonLimits& limits) : root_(root), limits_(limits) {}

  const std::optional<JsonFault>& fault() const noexcept { return fault_; }

  bool null() override { return add(Json(nullptr)) != nullptr; }
  bool boolean(bool value) override { return add(Json(value)) != nullptr; }
  bool number_integer(number_integer_t value) override { return add(Json(value)) != nullptr; }
  bool number_unsigned(number_unsigned_t value) override { return add(Json(value)) != nullptr; }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return add(Json(value)) != nullptr;
  }

  bool string(string_t& value) override {
    if (value.size() > limits_.max_string_bytes) {
      return refuse(path_of_next(), "a string of " + with_thousands(value.size()) +
                                        " bytes; a config string may have at most " +
                                        with_thousands(limits_.max_string_bytes));
    }
    return add(Json(std::move(value))) != nullptr;
  }

  bool binary(binary_t& /*value*/) override {
    return refuse(path_of_next(), "binary values are not JSON text");
  }

  bool start_object(std::size_t /*elements*/) override { return open(Json::object()); }
  bool start_array(std::size_t /*elements*/) override { return open(Json::array()); }

  bool key(string_t& name) override {
    if (name.size() > limits_.max_key_bytes) {
      return refuse(open_path(), "a key of " + with_thousands(name.size()) + " bytes (" +
                                     ConfigReader::shown(Json(name)) + "); a config key may have at most " +
                                     with_thousands(limits_.max_key_bytes));
    }
    if (has_control_character(name)) {
      return refuse(open_path(), "a key holding a control character (" + ConfigReader::shown(Json(name)) +
                                     "); keys are names, and errors repeat them");
    }
    auto& members = open_.back().container->get_ref<Json::object_t&>();
    const auto [member, inserted] = members.emplace(std::move(name), nullptr);
    if (!inserted) return refuse(open_path() + "/" + member->first, "key given twice");
    pending_member_ = &member->second;
    pending_key_ = &member->first;
    return true;
  }

  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    JsonFault fault;
    // The position is one past the byte the lexer stopped at.
    fault.byte_offset = position == 0 ? 0 : position - 1;
    if (error.id == 406) {
      // A number too large for a double: nlohmann throws it as out_of_range, not as a parse
      // error, which is why it used to end the program.
      fault.kind = JsonFault::Kind::refused;
      fault.byte_offset = position >= last_token.size() ? position - last_token.size() : 0;
      fault.json_path = shown_path(path_of_next());
      fault.reason = "the number " + ConfigReader::shortened(last_token, 40) + " (" +
                     with_thousands(last_token.size()) +
                     " characters) does not fit a 64-bit integer or a double";
    } else {
      fault.kind = JsonFault::Kind::syntax;
      fault.reason = "invalid JSON: " + syntax_reason(error, last_token);
    }
    fault_ = std::move(fault);
    return false;
  }

 private:
  struct OpenContainer {
    Json* container;
    std::string path;  // JSON pointer of the container
  };

  // Places `value` where the next value goes; returns where it landed, or nullptr when refused.
  Json* add(Json&& value) {
    if (++values_ > limits_.max_values) {
      refuse(path_of_next(), "more than " + with_thousands(limits_.max_values) + " values in one config");
      return nullptr;
    }
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& container = *open_.back().container;
    if (container.is_array()) {
      container.get_ref<Json::array_t&>().push_back(std::move(value));
      return &container.get_ref<Json::array_t&>().back();
    }
    *pending_member_ = std::move(value);
    return pending_member_;
  }

  bool open(Json&& empty_container) {
    std::string path = path_of_next();
    Json* placed = add(std::move(empty_container));
    if (placed == nullptr) return false;
    // The depth was checked before parsing; this keeps the builder safe on its own.
    if (open_.size() >= limits_.max_depth) {
      fault_ = JsonFault{JsonFault::Kind::too_deep, std::nullopt, shown_path(std::move(path)),
                         too_deep_reason(limits_)};
      return false;
    }
    open_.push_back({placed, std::move(path)});
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  std::string open_path() const { return open_.empty() ? std::string() : open_.back().path; }

  // The JSON pointer of the value about to be added.
  std::string path_of_next() const {
    if (open_.empty()) return "";
    const Json& container = *open_.back().container;
    if (container.is_array()) return open_.back().path + "/" + std::to_string(container.size());
    return open_.back().path + "/" + *pending_key_;
  }

  bool refuse(std::string path, std::string reason) {
    fault_ =
        JsonFault{JsonFault::Kind::refused, std::nullopt, shown_path(std::move(path)), std::move(reason)};
    return false;
  }

  Json& root_;
  const JsonLimits& limits_;
  std::vector<OpenContainer> open_;
  Json* pending_member_ = nullptr;
  const std::string* pending_key_ = nullptr;
  std::size_t values_ = 0;
  std::optional<JsonFault> fault_;
};

}  // namespace

std::string printable_bytes(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      text += c;
    } else {
      text += "\\x";
      text += hex[byte >> 4];
      text += hex[byte & 0xF];
    }
  }
  return text;
}

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string line_and_column(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

BoundedJson parse_bounded_json(std::string_view text, const JsonLimits& limits) {
  BoundedJson parsed;
  if (const std::optional<std::size_t> too_deep = first_too_deep(text, limits.max_depth)) {
    parsed.fault = JsonFault{JsonFault::Kind::too_deep, *too_deep, "", too_deep_reason(limits)};
    return parsed;
  }
  BoundedDocumentBuilder builder(parsed.value, limits);
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) {
    parsed.fault = builder.fault();
    if (!parsed.fault) parsed.fault = JsonFault{JsonFault::Kind::syntax, std::nullopt, "", "invalid JSON"};
    parsed.value = nullptr;
  }
  return parsed;
}

}  // namespace event_engine
