// Builds zmq brokers the way the engine does: the real plugin loader, from the built zmq_broker.so.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <nlohmann/json.hpp>

#include "event_engine/config_reader.hpp"
#include "event_engine/plugin_context.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"

// A broker with its own metrics, so that two brokers of one test count apart.
struct LoadedZmqBroker {
  std::unique_ptr<event_engine::MetricsRegistry> metrics;
  std::shared_ptr<event_engine::Broker> broker;

  std::uint64_t counter(std::string_view name) const { return metrics->counter(name, "").value(); }
};

inline const event_engine::PluginLoader& plugin_loader() {
  static const event_engine::PluginLoader loader({test_paths::plugin_dir});
  return loader;
}

// `config` is the broker's config object, read as /broker/config. Throws what the factory throws.
inline LoadedZmqBroker load_zmq_broker(const nlohmann::json& config) {
  LoadedZmqBroker loaded{std::make_unique<event_engine::MetricsRegistry>(), nullptr};
  const event_engine::PluginContext context{std::make_shared<spdlog::logger>("zmq-broker-test"),
                                            loaded.metrics.get(), test_paths::binary_dir, ""};
  loaded.broker =
      plugin_loader().create_broker("zmq", event_engine::ConfigReader(config, "/broker/config"), context);
  return loaded;
}
