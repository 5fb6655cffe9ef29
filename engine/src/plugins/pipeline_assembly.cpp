#include "plugins/pipeline_assembly.hpp"

#include <spdlog/spdlog.h>

namespace event_engine {
namespace {

template <typename Interface>
using Create = std::shared_ptr<Interface> (PluginLoader::*)(std::string_view, const ConfigReader&,
                                                            const PluginContext&) const;

// Creates the plugin of one config section; a failure is appended to `errors`. A section whose
// plugin name is missing was already reported by the config check and is skipped.
template <typename Interface>
std::shared_ptr<Interface> create_collecting(const PluginLoader& loader, Create<Interface> create,
                                             const PluginChoice& choice, const PipelineConfig& config,
                                             Metrics& metrics, std::vector<std::string>& errors) {
  if (choice.plugin.empty()) return nullptr;
  try {
    const PluginContext context{spdlog::default_logger()->clone(choice.plugin), &metrics, config.config_dir,
                                config.process ? config.process->checkpoint.key : std::string()};
    return (loader.*create)(choice.plugin, ConfigReader(choice.config, choice.config_path), context);
  } catch (const ConfigError& error) {
    errors.push_back(error.what());
  } catch (const PluginLoadError& error) {
    errors.push_back(error.what());
  }
  return nullptr;
}

// The group view reads the members' checkpoints on HTTP workers, with a store of its own (the
// pipeline's is the checkpoint writer's) and fresh models of the pipeline's config to merge into.
std::shared_ptr<GroupView> create_group_view(const PipelineConfig& config, const PluginLoader& loader,
                                             Metrics& metrics, std::vector<std::string>& errors) {
  const ProcessConfig& process = *config.process;
  if (!process.store) {
    errors.push_back(
        "/process/group: expected a process.store too: the group's checkpoints are read from it");
    return nullptr;
  }
  std::vector<std::string> group_errors;
  std::shared_ptr<Store> store =
      create_collecting(loader, &PluginLoader::create_store, *process.store, config, metrics, group_errors);
  if (store == nullptr || process.model.plugin.empty()) return nullptr;
  // By value: the view outlives this config object (the engine moves its config after assembly,
  // and a reload replaces it).
  auto fresh_model = [&loader, &metrics, model = process.model, config_dir = config.config_dir,
                      key = process.checkpoint.key] {
    const PluginContext context{spdlog::default_logger()->clone(model.plugin), &metrics, config_dir, key};
    return loader.create_model(model.plugin, ConfigReader(model.config, model.config_path), context);
  };
  try {
    return std::make_shared<GroupView>(
        *process.group, std::move(store), std::move(fresh_model),
        process.keys ? std::optional<std::size_t>(process.keys->max_keys) : std::nullopt);
  } catch (const ConfigError&) {
    return nullptr;  // the pipeline's own model reported it
  } catch (const PluginLoadError&) {
    return nullptr;  // likewise
  } catch (const GroupUnavailable& error) {
    errors.push_back("/process/group: " + std::string(error.what()) + "; a group needs a mergeable model");
  }
  return nullptr;
}

}  // namespace

PipelinePlugins create_pipeline_plugins(const PipelineConfig& config, const PluginLoader& loader,
                                        Metrics& metrics, std::vector<std::string>& errors) {
  return create_pipeline_plugins(config, loader, metrics, errors, PipelinePlugins{}, PluginsToKeep{});
}

PipelinePlugins create_pipeline_plugins(const PipelineConfig& config, const PluginLoader& loader,
                                        Metrics& metrics, std::vector<std::string>& errors,
                                        const PipelinePlugins& running, PluginsToKeep keep) {
  PipelinePlugins plugins;
  plugins.broker = keep.broker ? running.broker
                               : create_collecting(loader, &PluginLoader::create_broker, config.broker,
                                                   config, metrics, errors);
  if (!config.process) return plugins;
  const ProcessConfig& process = *config.process;
  plugins.model = keep.model ? running.model
                             : create_collecting(loader, &PluginLoader::create_model, process.model, config,
                                                 metrics, errors);
  if (keep.store) {
    plugins.store = running.store;
  } else if (process.store) {
    plugins.store =
        create_collecting(loader, &PluginLoader::create_store, *process.store, config, metrics, errors);
  }
  // The group's view is made anew each time: it holds no state beyond a short cache.
  if (process.group) plugins.group = create_group_view(config, loader, metrics, errors);
  if (keep.visualisers) {
    plugins.visualisers = running.visualisers;
    return plugins;
  }
  for (const PluginChoice& visualiser : process.visualisers) {
    plugins.visualisers.push_back(
        create_collecting(loader, &PluginLoader::create_visualiser, visualiser, config, metrics, errors));
  }
  return plugins;
}

}  // namespace event_engine
