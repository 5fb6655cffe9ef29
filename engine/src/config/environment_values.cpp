#include "config/environment_values.hpp"

#include <algorithm>
#include <cstdlib>

#include "config/bounded_json.hpp"
#include "config/config_limits.hpp"
#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

constexpr std::string_view reference_form =
    "expected ${NAME} or ${NAME:-default} (NAME: letters, digits and '_', not starting with a digit; "
    "write $$ for a literal $)";

// Variable names are shown in errors and listed by `validate`: bounded like keys.
constexpr std::size_t max_variable_name_bytes = 256;

bool name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool name_part(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

std::string shown_reference(std::string_view text) {
  return "\"" + printable_bytes(ConfigReader::shortened(text, 60)) + "\"";
}

[[noreturn]] void malformed(const std::string& json_path, std::string_view reference, std::size_t at) {
  throw ConfigError(json_path, "malformed environment reference " + shown_reference(reference) + " at byte " +
                                   std::to_string(at + 1) + ": " + std::string(reference_form));
}

// Escapes a key for a JSON pointer (RFC 6901).
std::string pointer_token(const std::string& key) {
  std::string token;
  for (const char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

// True when `text` is exactly one reference and nothing else: its value may then be typed.
bool single_reference(std::string_view text) {
  if (text.size() < 4 || text.substr(0, 2) != "${" || text.back() != '}') return false;
  return text.find('}') == text.size() - 1 && text.find('$', 1) == std::string_view::npos;
}

// The value a whole-reference string becomes: a number or true/false when it reads as one.
nlohmann::json typed_value(const std::string& expanded) {
  if (expanded == "true") return true;
  if (expanded == "false") return false;
  if (!expanded.empty() &&
      (expanded.front() == '-' || (expanded.front() >= '0' && expanded.front() <= '9'))) {
    BoundedJson parsed = parse_bounded_json(expanded, JsonLimits{});
    if (!parsed.fault && parsed.value.is_number()) return std::move(parsed.value);
  }
  return expanded;
}

void expand_in(nlohmann::json& value, const std::string& json_path, const EnvironmentLookup& lookup,
               std::vector<std::string>& errors, std::vector<EnvironmentValueUse>& uses) {
  if (value.is_object()) {
    for (auto& item : value.items()) {
      expand_in(item.value(), json_path + "/" + pointer_token(item.key()), lookup, errors, uses);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      expand_in(value[i], json_path + "/" + std::to_string(i), lookup, errors, uses);
    }
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find('$') == std::string::npos) return;
    try {
      std::vector<std::string> variables;
      std::string expanded = expand_environment_references(text, json_path, lookup, variables);
      if (variables.empty()) {
        value = std::move(expanded);  // only $$ in it
        return;
      }
      value = single_reference(text) ? typed_value(expanded) : nlohmann::json(std::move(expanded));
      uses.push_back({json_path, std::move(variables), value});
    } catch (const ConfigError& error) {
      // A config of a million bad references gets as many lines as the other checks give.
      if (errors.size() < max_config_errors_listed) errors.push_back(error.what());
    }
  }
}

}  // namespace

EnvironmentLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string expand_environment_references(std::string_view text, const std::string& json_path,
                                          const EnvironmentLookup& lookup,
                                          std::vector<std::string>& variables) {
  std::string expanded;
  const auto append = [&](std::string_view part) {
    if (expanded.size() + part.size() > max_expanded_string_bytes) {
      throw ConfigError(json_path, "longer than " + std::to_string(max_expanded_string_bytes) +
                                       " bytes once its environment references are replaced");
    }
    expanded += part;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t dollar = text.find('$', i);
    append(text.substr(i, dollar == std::string_view::npos ? std::string_view::npos : dollar - i));
    if (dollar == std::string_view::npos) break;
    if (dollar + 1 < text.size() && text[dollar + 1] == '$') {
      append("$");
      i = dollar + 2;
      continue;
    }
    if (dollar + 1 >= text.size() || text[dollar + 1] != '{') {
      // A lone `$` (a price, a regular expression) stays as it is.
      append("$");
      i = dollar + 1;
      continue;
    }
    const std::size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) malformed(json_path, text.substr(dollar), dollar);
    const std::string_view inside = text.substr(dollar + 2, close - dollar - 2);
    const std::size_t separator = inside.find(":-");
    const std::string_view name = inside.substr(0, separator);
    const bool named = !name.empty() && name.size() <= max_variable_name_bytes && name_start(name.front()) &&
                       std::all_of(name.begin(), name.end(), name_part);
    if (!named) malformed(json_path, text.substr(dollar, close - dollar + 1), dollar);
    const std::string variable(name);
    variables.push_back(variable);
    const std::optional<std::string> found = lookup(variable);
    if (separator != std::string_view::npos) {
      append(found && !found->empty() ? std::string_view(*found) : inside.substr(separator + 2));
    } else if (found) {
      append(*found);
    } else {
      throw ConfigError(json_path, "the environment variable " + variable +
                                       " is not set (give a default with ${" + variable + ":-default})");
    }
    i = close + 1;
  }
  return expanded;
}

std::vector<EnvironmentValueUse> expand_environment_values(nlohmann::json& document,
                                                           const EnvironmentLookup& lookup,
                                                           std::vector<std::string>& errors) {
  std::vector<EnvironmentValueUse> uses;
  expand_in(document, "", lookup, errors, uses);
  return uses;
}

}  // namespace event_engine
