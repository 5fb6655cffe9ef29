// From a config file name and `--set` overrides to a checked PipelineConfig.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/environment_values.hpp"
#include "config/pipeline_config.hpp"

namespace event_engine {

// Appends every error (file syntax, overrides, environment values, sections) to `errors`; returns
// what could be read, or nullopt when the file itself could not be read or parsed. `uses`, when
// given, receives the strings whose environment references were replaced.
std::optional<PipelineConfig> load_pipeline_config(const std::filesystem::path& file,
                                                   const std::vector<std::string>& overrides,
                                                   std::vector<std::string>& errors,
                                                   std::vector<EnvironmentValueUse>* uses = nullptr);

// The same, throwing ConfigInvalid listing every error.
PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides);

// The part after reading: applies `overrides` to the parsed `document` (each bad one appended to
// `errors`), replaces the environment references of a copy of it and checks that copy. What the
// file loader and the config fuzz target share. `document` keeps its references, so checking it
// again gives the same result (a `$$` is not unescaped twice).
PipelineConfig check_pipeline_document(nlohmann::json& document, const std::vector<std::string>& overrides,
                                       const std::filesystem::path& config_dir,
                                       std::vector<std::string>& errors,
                                       std::vector<EnvironmentValueUse>* uses = nullptr,
                                       const EnvironmentLookup& lookup = process_environment());

}  // namespace event_engine
