// Builds the plugins a pipeline config names, through the loader, collecting every error.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/metrics.hpp"
#include "event_engine/model.hpp"
#include "event_engine/store.hpp"
#include "event_engine/visualiser.hpp"
#include "group/group_view.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {

struct PipelinePlugins {
  std::shared_ptr<Broker> broker;
  std::shared_ptr<Model> model;  // null without a process section
  std::shared_ptr<Store> store;  // null without a store
  std::vector<std::shared_ptr<Visualiser>> visualisers;
  // With process.group: the group's view, with a store and models of its own. Uses the loader
  // and the config it was made from: both must outlive it.
  std::shared_ptr<GroupView> group;
};

// Creates every plugin of `config`. Each failure (unknown plugin, config error, factory error) is
// appended to `errors` and the rest are still tried, so one run reports them all.
PipelinePlugins create_pipeline_plugins(const PipelineConfig& config, const PluginLoader& loader,
                                        Metrics& metrics, std::vector<std::string>& errors);

// For a reload: which plugins of the running pipeline the new config keeps as they are.
struct PluginsToKeep {
  bool broker = false;
  bool model = false;
  bool store = false;
  bool visualisers = false;
};

// The same, taking the kept plugins from `running` and creating only the others.
PipelinePlugins create_pipeline_plugins(const PipelineConfig& config, const PluginLoader& loader,
                                        Metrics& metrics, std::vector<std::string>& errors,
                                        const PipelinePlugins& running, PluginsToKeep keep);

}  // namespace event_engine
