#include <fmt/format.h>
#include <cstdio>

#include "commands.hpp"
#include "pipeline_config_loader.hpp"
#include "plugin_loader.hpp"

namespace event_engine {

int plugins_command(const ConfigOptions& options) {
  std::vector<std::filesystem::path> config_dirs;
  try {
    if (!options.config_file.empty()) {
      config_dirs = load_pipeline_config(options.config_file, options.overrides).plugin_dirs;
    }
    const PluginLoader loader(PluginLoader::search_path(config_dirs));
    std::fputs(fmt::format("{:<11} {:<15} {:<8} {:<40} {}\n", "KIND", "NAME", "VERSION", "LIBRARY", "SUMMARY")
                   .c_str(),
               stdout);
    for (const PluginDescriptor& plugin : loader.plugins()) {
      std::fputs(fmt::format("{:<11} {:<15} {:<8} {:<40} {}\n", plugin.kind, plugin.name, plugin.version,
                             plugin.library.string(), plugin.summary)
                     .c_str(),
                 stdout);
    }
    if (loader.plugins().empty()) {
      std::fputs("no plugins found; set plugin_dirs in the config or EVENT_ENGINE_PLUGIN_PATH\n", stderr);
    }
    return exit_ok;
  } catch (const ConfigInvalid& invalid) {
    for (const std::string& error : invalid.errors()) std::fprintf(stderr, "%s\n", error.c_str());
  } catch (const PluginLoadError& error) {
    std::fprintf(stderr, "%s\n", error.what());
  }
  return exit_bad_config;
}

}  // namespace event_engine
