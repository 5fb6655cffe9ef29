#include "config/pipeline_config_loader.hpp"

#include "config/config_file.hpp"
#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

// nlohmann's own exceptions should not reach here (the parser and the reader check first); if
// one does, it is still a config error with a place, not the end of the program.
std::string library_error(const std::string& where, const nlohmann::json::exception& error) {
  return where + ": " + ConfigReader::shortened(error.what(), 200);
}

}  // namespace

PipelineConfig check_pipeline_document(nlohmann::json& document, const std::vector<std::string>& overrides,
                                       const std::filesystem::path& config_dir,
                                       std::vector<std::string>& errors,
                                       std::vector<EnvironmentValueUse>* uses,
                                       const EnvironmentLookup& lookup) {
  for (const std::string& assignment : overrides) {
    try {
      apply_override(document, assignment);
    } catch (const ConfigError& error) {
      errors.push_back(error.what());
    } catch (const nlohmann::json::exception& error) {
      errors.push_back(library_error("--set " + ConfigReader::shortened(assignment, 100), error));
    }
  }
  nlohmann::json expanded = document;
  std::vector<EnvironmentValueUse> replaced = expand_environment_values(expanded, lookup, errors);
  if (uses != nullptr) *uses = std::move(replaced);
  return parse_pipeline_config(expanded, config_dir, errors);
}

std::optional<PipelineConfig> load_pipeline_config(const std::filesystem::path& file,
                                                   const std::vector<std::string>& overrides,
                                                   std::vector<std::string>& errors,
                                                   std::vector<EnvironmentValueUse>* uses) {
  nlohmann::json document;
  try {
    document = read_config_file(file);
  } catch (const ConfigError& error) {
    errors.push_back(error.what());
    return std::nullopt;
  } catch (const nlohmann::json::exception& error) {
    errors.push_back(library_error(file.string(), error));
    return std::nullopt;
  }
  const std::filesystem::path config_dir = std::filesystem::absolute(file).parent_path().lexically_normal();
  return check_pipeline_document(document, overrides, config_dir, errors, uses);
}

PipelineConfig load_pipeline_config(const std::filesystem::path& file,
                                    const std::vector<std::string>& overrides) {
  std::vector<std::string> errors;
  std::optional<PipelineConfig> config = load_pipeline_config(file, overrides, errors);
  if (!errors.empty()) throw ConfigInvalid(std::move(errors));
  return std::move(*config);
}

}  // namespace event_engine
