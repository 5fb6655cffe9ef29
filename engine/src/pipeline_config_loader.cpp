#include "pipeline_config_loader.hpp"

#include "config_file.hpp"
#include "event_engine/config_error.hpp"

namespace event_engine {

PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides) {
  nlohmann::json config;
  try {
    config = read_config_file(file);
    for (const std::string& assignment : overrides) apply_override(config, assignment);
  } catch (const ConfigError& error) {
    throw ConfigInvalid({error.what()});
  }
  const std::filesystem::path config_dir = std::filesystem::absolute(file).parent_path().lexically_normal();
  return parse_pipeline_config(config, config_dir);
}

}  // namespace event_engine
