#include "config/pipeline_config_loader.hpp"

#include "config/config_file.hpp"
#include "event_engine/config_error.hpp"

namespace event_engine {

std::optional<PipelineConfig> load_pipeline_config(const std::filesystem::path& file,
                                                   const std::vector<std::string>& overrides,
                                                   std::vector<std::string>& errors) {
  nlohmann::json config;
  try {
    config = read_config_file(file);
  } catch (const ConfigError& error) {
    errors.push_back(error.what());
    return std::nullopt;
  }
  for (const std::string& assignment : overrides) {
    try {
      apply_override(config, assignment);
    } catch (const ConfigError& error) {
      errors.push_back(error.what());
    }
  }
  const std::filesystem::path config_dir = std::filesystem::absolute(file).parent_path().lexically_normal();
  return parse_pipeline_config(config, config_dir, errors);
}

PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides) {
  std::vector<std::string> errors;
  std::optional<PipelineConfig> config = load_pipeline_config(file, overrides, errors);
  if (!errors.empty()) throw ConfigInvalid(std::move(errors));
  return std::move(*config);
}

}  // namespace event_engine
