#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/pipeline_assembly.hpp"

namespace event_engine {
namespace {

// The plugin sections of a config and the kind of plugin each names.
struct PluginSection {
  std::string config_path;  // "/broker/config"
  std::string kind;
  std::string plugin;
};

std::vector<PluginSection> plugin_sections(const PipelineConfig& config) {
  std::vector<PluginSection> sections{{config.broker.config_path, "broker", config.broker.plugin}};
  if (!config.process) return sections;
  const ProcessConfig& process = *config.process;
  sections.push_back({process.model.config_path, "model", process.model.plugin});
  if (process.store) sections.push_back({process.store->config_path, "store", process.store->plugin});
  for (const PluginChoice& visualiser : process.visualisers) {
    sections.push_back({visualiser.config_path, "visualiser", visualiser.plugin});
  }
  return sections;
}

// Whether the string at `json_path` is (inside) a key its plugin's manifest marks secret. When
// the plugin cannot be found the value is not shown either: what it is cannot be told.
bool secret_path(const std::string& json_path, const PipelineConfig& config, const PluginLoader* loader) {
  for (const PluginSection& section : plugin_sections(config)) {
    const std::string prefix = section.config_path + "/";
    if (section.config_path.empty() || json_path.rfind(prefix, 0) != 0) continue;
    const std::string key =
        json_path.substr(prefix.size(), json_path.find('/', prefix.size()) - prefix.size());
    if (loader == nullptr) return true;
    try {
      for (const ConfigKeyDescriptor& described : loader->find(section.kind, section.plugin).config_keys) {
        if (described.name == key) return described.secret;
      }
    } catch (const PluginLoadError&) {
    }
    return true;
  }
  return false;
}

// "environment values used:" and one line per string that held a reference.
void print_environment_values(const std::vector<EnvironmentValueUse>& uses, const PipelineConfig& config,
                              const PluginLoader* loader) {
  if (uses.empty()) return;
  std::puts("environment values used:");
  for (const EnvironmentValueUse& use : uses) {
    std::string variables;
    for (const std::string& name : use.variables) variables += (variables.empty() ? "" : ", ") + name;
    const std::string shown =
        secret_path(use.json_path, config, loader) ? "(secret, not shown)" : use.value.dump();
    std::printf("  %s = %s (from %s)\n", use.json_path.c_str(), shown.c_str(), variables.c_str());
  }
}

}  // namespace

int validate_command(const ConfigOptions& options) {
  std::vector<std::string> errors;
  try {
    // Engine sections and plugin configs are checked together, so one run shows every error.
    std::vector<EnvironmentValueUse> uses;
    if (std::optional<PipelineConfig> config =
            load_pipeline_config(options.config_file, options.overrides, errors, &uses)) {
      std::optional<PluginLoader> loader;
      try {
        loader.emplace(PluginLoader::search_path(config->plugin_dirs));
      } catch (const PluginLoadError& error) {
        errors.push_back(error.what());
      }
      print_environment_values(uses, *config, loader ? &*loader : nullptr);
      if (loader) {
        MetricsRegistry metrics;
        create_pipeline_plugins(*config, *loader, metrics, errors);
      }
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
