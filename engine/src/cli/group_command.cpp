// `event-engine group remove --config F KEY`: removes a member that stopped for good from its group
// by deleting its checkpoint from the store the config names. The group's view merges the members'
// checkpoints, so the removed member's share leaves the group's posterior (README: "Several engines").
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "config/pipeline_config_loader.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/plugin_context.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {

int group_remove_command(const ConfigOptions& options, const std::string& key) {
  std::vector<std::string> errors;
  try {
    const std::optional<PipelineConfig> config =
        load_pipeline_config(options.config_file, options.overrides, errors);
    if (config && (!config->process || !config->process->store)) {
      errors.push_back("/process/store: expected the store that holds the group's checkpoints, got nothing");
    }
    if (!config || !errors.empty()) {
      for (const std::string& error : errors)
        std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.c_str());
      return exit_bad_config;
    }
    const ProcessConfig& process = *config->process;
    if (process.group && !key.starts_with(process.group->prefix)) {
      std::fprintf(stderr,
                   "%s: \"%s\" does not start with process.group.prefix \"%s\": not a member of this group\n",
                   options.config_file.c_str(), key.c_str(), process.group->prefix.c_str());
      return exit_bad_config;
    }
    if (key == process.checkpoint.key) {
      spdlog::warn(
          "removing this config's own checkpoint {}: if its engine still runs, its next checkpoint "
          "saves it again",
          key);
    }
    const PluginLoader loader(PluginLoader::search_path(config->plugin_dirs));
    MetricsRegistry metrics;
    const PluginContext context{spdlog::default_logger()->clone(process.store->plugin), &metrics,
                                config->config_dir, process.checkpoint.key};
    const std::shared_ptr<Store> store = loader.create_store(
        process.store->plugin, ConfigReader(process.store->config, process.store->config_path), context);
    if (!store->remove(key)) {
      std::fprintf(stderr, "no checkpoint \"%s\" in the store: nothing removed\n", key.c_str());
      return exit_failure;
    }
    std::printf("removed checkpoint \"%s\": its share has left the group's view\n", key.c_str());
    return exit_ok;
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.what());
    return exit_bad_config;
  } catch (const PluginLoadError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return exit_bad_config;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", options.config_file.c_str(), error.what());
    return exit_failure;
  }
}

}  // namespace event_engine
