#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/pipeline_assembly.hpp"

namespace event_engine {

int validate_command(const ConfigOptions& options) {
  std::vector<std::string> errors;
  try {
    // Engine sections and plugin configs are checked together, so one run shows every error.
    if (std::optional<PipelineConfig> config =
            load_pipeline_config(options.config_file, options.overrides, errors)) {
      const PluginLoader loader(PluginLoader::search_path(config->plugin_dirs));
      MetricsRegistry metrics;
      create_pipeline_plugins(*config, loader, metrics, errors);
    }
  } catch (const PluginLoadError& error) {
    errors.push_back(error.what());
  } catch (const std::exception& error) {
    // Not a config error the checks know of: still a clear line, never an abort.
    std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.what());
    return exit_failure;
  }
  if (errors.empty()) {
    std::puts("OK");
    return exit_ok;
  }
  for (const std::string& error : errors) {
    // Errors of the file itself ("<file>:<line>:<column>: ...") already name it.
    if (error.rfind(options.config_file, 0) == 0) {
      std::fprintf(stderr, "%s\n", error.c_str());
    } else {
      std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.c_str());
    }
  }
  return exit_bad_config;
}

}  // namespace event_engine
