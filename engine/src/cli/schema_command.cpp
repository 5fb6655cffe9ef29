// `event-engine schema [--config F]`: the pipeline config's JSON Schema on stdout, with the plugins
// found in the config's plugin directories (or, without a config, the environment's and installed ones).
#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "plugins/plugin_loader.hpp"
#include "schema/pipeline_schema.hpp"

namespace event_engine {

int schema_command(const ConfigOptions& options) {
  try {
    std::vector<std::filesystem::path> config_dirs;
    if (!options.config_file.empty()) {
      config_dirs = load_pipeline_config(options.config_file, options.overrides).plugin_dirs;
    }
    const PluginLoader loader(PluginLoader::search_path(config_dirs));
    std::puts(pipeline_schema(loader.plugins()).dump(2).c_str());
    return exit_ok;
  } catch (const ConfigInvalid& invalid) {
    for (const std::string& error : invalid.errors())
      std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.c_str());
  } catch (const PluginLoadError& error) {
    std::fprintf(stderr, "%s\n", error.what());
  }
  return exit_bad_config;
}

}  // namespace event_engine
