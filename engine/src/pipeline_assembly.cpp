#include "pipeline_assembly.hpp"

#include <spdlog/spdlog.h>

namespace event_engine {
namespace {

PluginContext context_for(const PipelineConfig& config, Metrics& metrics, const std::string& logger_name) {
  return PluginContext{spdlog::default_logger()->clone(logger_name), &metrics, config.config_dir};
}

template <typename Create>
auto create_collecting(Create&& create, std::vector<std::string>& errors) -> decltype(create()) {
  try {
    return create();
  } catch (const ConfigError& error) {
    errors.push_back(error.what());
  } catch (const PluginLoadError& error) {
    errors.push_back(error.what());
  }
  return nullptr;
}

}  // namespace

PipelinePlugins create_pipeline_plugins(const PipelineConfig& config, const PluginLoader& loader,
                                        Metrics& metrics, std::vector<std::string>& errors) {
  PipelinePlugins plugins;
  auto reader = [](const PluginChoice& choice) { return ConfigReader(choice.config, choice.config_path); };
  plugins.broker = create_collecting(
      [&] {
        return loader.create_broker(config.broker.plugin, reader(config.broker),
                                    context_for(config, metrics, config.broker.plugin));
      },
      errors);
  if (!config.process) return plugins;
  const ProcessConfig& process = *config.process;
  plugins.model = create_collecting(
      [&] {
        return loader.create_model(process.model.plugin, reader(process.model),
                                   context_for(config, metrics, process.model.plugin));
      },
      errors);
  if (process.store) {
    plugins.store = create_collecting(
        [&] {
          return loader.create_store(process.store->plugin, reader(*process.store),
                                     context_for(config, metrics, process.store->plugin));
        },
        errors);
  }
  for (const PluginChoice& visualiser : process.visualisers) {
    plugins.visualisers.push_back(create_collecting(
        [&] {
          return loader.create_visualiser(visualiser.plugin, reader(visualiser),
                                          context_for(config, metrics, visualiser.plugin));
        },
        errors));
  }
  return plugins;
}

}  // namespace event_engine
