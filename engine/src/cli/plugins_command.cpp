#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {

int plugins_command(const ConfigOptions& options) {
  std::vector<std::filesystem::path> config_dirs;
  try {
    if (!options.config_file.empty()) {
      config_dirs = load_pipeline_config(options.config_file, options.overrides).plugin_dirs;
    }
    const PluginLoader loader(PluginLoader::search_path(config_dirs));
    std::vector<std::array<std::string, 5>> rows = {{"KIND", "NAME", "VERSION", "LIBRARY", "SUMMARY"}};
    for (const PluginDescriptor& plugin : loader.plugins()) {
      rows.push_back({plugin.kind, plugin.name, plugin.version, plugin.library.string(), plugin.summary});
    }
    std::sort(rows.begin() + 1, rows.end());
    std::array<std::size_t, 4> widths{};
    for (const auto& row : rows) {
      for (std::size_t column = 0; column < widths.size(); ++column) {
        widths[column] = std::max(widths[column], row[column].size());
      }
    }
    for (const auto& row : rows) {
      std::fputs(fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", row[0], widths[0], row[1], widths[1],
                             row[2], widths[2], row[3], widths[3], row[4])
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
