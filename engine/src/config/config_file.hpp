// Reads a pipeline config file and applies `--set key.path=value` overrides to it.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

namespace event_engine {

// Parses the file; a syntax error is a ConfigError "<file>:<line>:<column>: ...".
nlohmann::json read_config_file(const std::filesystem::path& file);

// Applies one override "a.b.0.c=value": missing objects are created, list items are addressed by
// index (the index one past the end appends), and the value is parsed as JSON, else taken as a
// string. A bad override is a ConfigError naming it.
void apply_override(nlohmann::json& config, std::string_view assignment);

}  // namespace event_engine
