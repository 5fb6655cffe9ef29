// From a config file name and `--set` overrides to a checked PipelineConfig.
#pragma once

#include <filesystem>
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

}  // namespace event_engine
