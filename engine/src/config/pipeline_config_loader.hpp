// From a config file name and `--set` overrides to a checked PipelineConfig.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"

namespace event_engine {

// Appends every error (file syntax, overrides, sections) to `errors`; returns what could be read,
// or nullopt when the file itself could not be read or parsed.
std::optional<PipelineConfig> load_pipeline_config(const std::filesystem::path& file,
                                                   const std::vector<std::string>& overrides,
                                                   std::vector<std::string>& errors);

// The same, throwing ConfigInvalid listing every error.
PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides);

// The part after reading: applies `overrides` to the parsed `document` (each bad one appended to
// `errors`), then checks the result. What the file loader and the config fuzz target share.
PipelineConfig check_pipeline_document(nlohmann::json& document, const std::vector<std::string>& overrides,
                                       const std::filesystem::path& config_dir,
                                       std::vector<std::string>& errors);

}  // namespace event_engine
