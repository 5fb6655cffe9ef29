// The factory signature each plugin kind exports. A factory validates its config (throwing
// ConfigError with the JSON path) and builds the plugin; it does no I/O: connections and files are
// opened on first use, so `event-engine validate` can call every factory safely.
#pragma once

#include <memory>

#include "event_engine/broker.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/model.hpp"
#include "event_engine/plugin_context.hpp"
#include "event_engine/store.hpp"
#include "event_engine/visualiser.hpp"

namespace event_engine {

using BrokerFactory = std::unique_ptr<Broker>(const ConfigReader& config, const PluginContext& context);
using ModelFactory = std::unique_ptr<Model>(const ConfigReader& config, const PluginContext& context);
using StoreFactory = std::unique_ptr<Store>(const ConfigReader& config, const PluginContext& context);
using VisualiserFactory = std::unique_ptr<Visualiser>(const ConfigReader& config,
                                                      const PluginContext& context);

}  // namespace event_engine
