// Environment values in a pipeline config: `${NAME}` and `${NAME:-default}` in any string are
// replaced from the environment when the config is loaded, `$$` stands for a literal `$`. Hosts,
// ports and secrets then live in the environment (a container's, a unit's) instead of the file.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace event_engine {

// A variable's value, or nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvironmentLookup process_environment();

// One string of the config that held a reference, and what it became.
struct EnvironmentValueUse {
  std::string json_path;               // JSON pointer of the string, e.g. "/broker/config/host"
  std::vector<std::string> variables;  // the variables it named, in order
  nlohmann::json value;                // the value it was replaced by
};

// The most bytes one string may have after its references are replaced (a config string's limit).
inline constexpr std::size_t max_expanded_string_bytes = 4096;

// Replaces the references of one string found at `json_path`. A default is taken as written:
// what a variable or a default holds is never expanded again. `${NAME:-default}` uses the
// default when NAME is unset or empty, as the shell does. Throws ConfigError naming `json_path`
// for a malformed reference, an unset variable without a default, or a result longer than
// max_expanded_string_bytes. `variables` receives the names referenced.
std::string expand_environment_references(std::string_view text, const std::string& json_path,
                                          const EnvironmentLookup& lookup,
                                          std::vector<std::string>& variables);

// Expands every string value (not keys) of `document` in place. A string that is nothing but one
// reference takes the JSON type of what it becomes when that is a number or true/false (so
// `"port": "${REDIS_PORT:-6379}"` is the integer 6379); any other string stays a string. Each
// error is appended to `errors`; the strings that held references are returned.
std::vector<EnvironmentValueUse> expand_environment_values(nlohmann::json& document,
                                                           const EnvironmentLookup& lookup,
                                                           std::vector<std::string>& errors);

}  // namespace event_engine
