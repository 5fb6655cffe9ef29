#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {
namespace {

// One plugin from its manifest: what it is, where it comes from, and every config key it takes.
void describe(const PluginDescriptor& plugin) {
  std::fputs(fmt::format("{} {} {}\n  {}\n  library: {}\n", plugin.kind, plugin.name, plugin.version,
                         plugin.summary, plugin.library.string())
                 .c_str(),
             stdout);
  if (plugin.config_keys.empty()) {
    std::fputs("  config: no keys\n", stdout);
    return;
  }
  std::fputs("  config keys:\n", stdout);
  for (const ConfigKeyDescriptor& key : plugin.config_keys) {
    const std::string fallback = key.default_json.empty() ? "required" : "default " + key.default_json;
    std::fputs(fmt::format("    {} ({}, {}{})\n        {}\n", key.name, key.type, fallback,
                           key.secret ? ", secret: never shown" : "",
                           key.description.empty() ? "(no description)" : key.description)
                   .c_str(),
               stdout);
  }
}

// Every plugin called `name` (one library may provide a broker and a store of the same name).
int describe_named(const PluginLoader& loader, const std::string& name) {
  bool found = false;
  std::vector<std::string> names;
  for (const PluginDescriptor& plugin : loader.plugins()) {
    names.push_back(plugin.name);
    if (plugin.name != name) continue;
    if (found) std::fputc('\n', stdout);
    describe(plugin);
    found = true;
  }
  if (found) return exit_ok;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string listed;
  for (const std::string& known : names) listed += (listed.empty() ? "" : ", ") + known;
  std::fprintf(stderr, "no plugin named '%s'; found: %s\n", name.c_str(),
               listed.empty() ? "none (check plugin_dirs and EVENT_ENGINE_PLUGIN_PATH)" : listed.c_str());
  return exit_bad_config;
}

}  // namespace

int plugins_command(const ConfigOptions& options, const std::string& name) {
  std::vector<std::filesystem::path> config_dirs;
  try {
    if (!options.config_file.empty()) {
      config_dirs = load_pipeline_config(options.config_file, options.overrides).plugin_dirs;
    }
    const PluginLoader loader(PluginLoader::search_path(config_dirs));
    if (!name.empty()) return describe_named(loader, name);
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
