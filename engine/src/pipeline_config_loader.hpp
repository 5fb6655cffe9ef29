// From a config file name and `--set` overrides to a checked PipelineConfig.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline_config.hpp"

namespace event_engine {

// Throws ConfigInvalid listing every error (file syntax, overrides, sections).
PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides);

}  // namespace event_engine
