// Reads a pipeline config file and applies `--set key.path=value` overrides to it, both within
// the bounds of config_limits.hpp.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace event_engine {

// Parses a config's bytes; `source` names them in errors. A syntax error, a number that fits
// nothing or too deep a nesting is a ConfigError "<source>:<line>:<column>"; a key given twice,
// a string or key too long is a ConfigError naming its JSON path.
nlohmann::json parse_config_text(std::string_view text, const std::string& source);

// Reads the file (at most max_config_file_bytes of it) and parses it.
nlohmann::json read_config_file(const std::filesystem::path& file);

// Applies one override "a.b.0.c=value": missing objects are created, list items are addressed by
// index (the index one past the end appends), and the value is parsed as JSON, else taken as a
// string. The result stays within the limits (its path counts towards the nesting depth). A bad
// override is a ConfigError naming it.
void apply_override(nlohmann::json& config, std::string_view assignment);

}  // namespace event_engine
