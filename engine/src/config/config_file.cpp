#include "config/config_file.hpp"

#include <charconv>
#include <fstream>
#include <vector>

#include "config/bounded_json.hpp"
#include "config/config_limits.hpp"
#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

// How much of a `--set` key path an error repeats.
constexpr std::size_t shown_key_path_bytes = 100;

bool parse_index(std::string_view segment, std::size_t& index) {
  if (segment.empty()) return false;
  const auto [end, error] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  return error == std::errc() && end == segment.data() + segment.size();
}

// Strings from the command line are not checked by a JSON parser, and a document holding invalid
// UTF-8 cannot be written back out (nlohmann's dump() throws).
bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

std::vector<std::string_view> split_key_path(std::string_view key_path) {
  std::vector<std::string_view> segments;
  for (;;) {
    const std::size_t dot = key_path.find('.');
    segments.push_back(key_path.substr(0, dot));
    if (dot == std::string_view::npos) return segments;
    key_path.remove_prefix(dot + 1);
  }
}

// "--set <key path>" for errors: cut short, and escaped when it holds what a terminal would
// not show as it is.
std::string shown_assignment(std::string_view text) {
  const std::string cut = ConfigReader::shortened(text, shown_key_path_bytes);
  return "--set " + (valid_utf8(text) && !has_control_character(text) ? cut : printable_bytes(cut));
}

// Where a fault inside a `--set` value is, for its message.
std::string fault_place(const JsonFault& fault) {
  std::string place;
  if (!fault.json_path.empty()) place = " at " + fault.json_path;
  if (fault.byte_offset) place += " (byte " + std::to_string(*fault.byte_offset + 1) + " of the value)";
  return place;
}

}  // namespace

nlohmann::json parse_config_text(std::string_view text, const std::string& source) {
  BoundedJson parsed = parse_bounded_json(text, JsonLimits{});
  if (!parsed.fault) return std::move(parsed.value);
  const JsonFault& fault = *parsed.fault;
  if (fault.byte_offset) {
    const std::string place = source + ":" + line_and_column(text, *fault.byte_offset);
    throw ConfigError(place, fault.json_path.empty() ? fault.reason : fault.json_path + ": " + fault.reason);
  }
  throw ConfigError(fault.json_path.empty() ? "/" : fault.json_path, fault.reason);
}

nlohmann::json read_config_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string(), "cannot read the config file");
  // Read one byte past the limit, never the whole of whatever the path names (/dev/zero).
  std::string text(max_config_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw ConfigError(file.string(), "cannot read the config file");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_config_file_bytes) {
    throw ConfigError(file.string(), "larger than " + std::to_string(max_config_file_bytes / (1024 * 1024)) +
                                         " MiB, the most a config file may hold");
  }
  return parse_config_text(text, file.string());
}

void apply_override(nlohmann::json& config, std::string_view assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw ConfigError(shown_assignment(assignment), "expected key.path=value");
  }
  const std::string_view key_path = assignment.substr(0, equals);
  const std::string_view value_text = assignment.substr(equals + 1);
  const std::string where = shown_assignment(key_path);
  const JsonLimits limits;

  if (!valid_utf8(key_path)) throw ConfigError(where, "the key path is not valid UTF-8");
  const std::vector<std::string_view> segments = split_key_path(key_path);
  // The value sits inside the top-level object and one container per segment before it.
  if (segments.size() >= limits.max_depth) {
    throw ConfigError(where, "a key path of " + std::to_string(segments.size()) + " parts; at most " +
                                 std::to_string(limits.max_depth - 1) + " fit in the " +
                                 std::to_string(limits.max_depth) + " levels a config may nest");
  }
  for (const std::string_view segment : segments) {
    if (segment.empty()) throw ConfigError(where, "empty key in the path");
    if (has_control_character(segment)) {
      throw ConfigError(where, "a key holding a control character");
    }
    if (segment.size() > limits.max_key_bytes) {
      throw ConfigError(where, "a key of " + std::to_string(segment.size()) +
                                   " bytes; a config key may have at most " +
                                   std::to_string(limits.max_key_bytes));
    }
  }

  JsonLimits value_limits = limits;
  value_limits.max_depth = limits.max_depth - segments.size();
  BoundedJson parsed = parse_bounded_json(value_text, value_limits);
  nlohmann::json value;
  if (!parsed.fault) {
    value = std::move(parsed.value);
  } else if (parsed.fault->kind == JsonFault::Kind::too_deep) {
    throw ConfigError(where, "the key path (" + std::to_string(segments.size()) +
                                 " levels) and the value nest deeper than " +
                                 std::to_string(limits.max_depth) + " levels, the most a config may nest");
  } else if (parsed.fault->kind == JsonFault::Kind::refused) {
    // JSON, but not acceptable: taking it as a string would hide the mistake.
    throw ConfigError(where, "the value" + fault_place(*parsed.fault) + ": " + parsed.fault->reason);
  } else if (!valid_utf8(value_text)) {
    throw ConfigError(where, "the value is neither JSON nor a valid UTF-8 string");
  } else if (value_text.size() > limits.max_string_bytes) {
    throw ConfigError(where, "a string of " + std::to_string(value_text.size()) +
                                 " bytes; a config string may have at most " +
                                 std::to_string(limits.max_string_bytes));
  } else {
    value = std::string(value_text);
  }

  nlohmann::json* node = &config;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view segment = segments[i];
    nlohmann::json* next = nullptr;
    std::size_t index = 0;
    if (node->is_array()) {
      if (!parse_index(segment, index) || index > node->size()) {
        throw ConfigError(where, "\"" + ConfigReader::shortened(segment, 40) +
                                     "\" is not an index of a list of " + std::to_string(node->size()) +
                                     " items");
      }
      if (index == node->size()) node->push_back(nullptr);
      next = &(*node)[index];
    } else {
      if (node->is_null()) *node = nlohmann::json::object();
      if (!node->is_object()) {
        throw ConfigError(where, "\"" + ConfigReader::shortened(segment, 40) + "\" cannot be set inside a " +
                                     node->type_name());
      }
      next = &(*node)[std::string(segment)];
    }
    node = next;
  }
  *node = std::move(value);
}

}  // namespace event_engine
