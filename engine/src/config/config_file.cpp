#include "config/config_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

std::string line_and_column(const std::string& text, std::size_t byte_offset) {
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

bool parse_index(std::string_view segment, std::size_t& index) {
  if (segment.empty()) return false;
  const auto [end, error] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  return error == std::errc() && end == segment.data() + segment.size();
}

}  // namespace

nlohmann::json read_config_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string(), "cannot read the config file");
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    // The library's message starts with its own prefix; keep only the part after "error: ".
    std::string reason = error.what();
    if (const std::size_t at = reason.find("error: "); at != std::string::npos)
      reason = reason.substr(at + 7);
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    throw ConfigError(file.string() + ":" + line_and_column(text, offset), "invalid JSON: " + reason);
  }
}

void apply_override(nlohmann::json& config, std::string_view assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw ConfigError("--set " + std::string(assignment), "expected key.path=value");
  }
  const std::string_view key_path = assignment.substr(0, equals);
  const std::string_view value_text = assignment.substr(equals + 1);
  const std::string where = "--set " + std::string(key_path);

  nlohmann::json value = nlohmann::json::parse(value_text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = std::string(value_text);

  nlohmann::json* node = &config;
  std::string_view rest = key_path;
  for (;;) {
    const std::size_t dot = rest.find('.');
    const std::string_view segment = rest.substr(0, dot);
    if (segment.empty()) throw ConfigError(where, "empty key in the path");
    nlohmann::json* next = nullptr;
    std::size_t index = 0;
    if (node->is_array()) {
      if (!parse_index(segment, index) || index > node->size()) {
        throw ConfigError(where, "\"" + std::string(segment) + "\" is not an index of a list of " +
                                     std::to_string(node->size()) + " items");
      }
      if (index == node->size()) node->push_back(nullptr);
      next = &(*node)[index];
    } else {
      if (node->is_null()) *node = nlohmann::json::object();
      if (!node->is_object()) {
        throw ConfigError(where,
                          "\"" + std::string(segment) + "\" cannot be set inside a " + node->type_name());
      }
      next = &(*node)[std::string(segment)];
    }
    if (dot == std::string_view::npos) {
      *next = std::move(value);
      return;
    }
    node = next;
    rest.remove_prefix(dot + 1);
  }
}

}  // namespace event_engine
