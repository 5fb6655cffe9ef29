// Builds the redis broker and store the way the engine does: the real plugin loader, from the built
// redis_broker.so, each with metrics of its own so that two brokers of one test count apart.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "batch_events.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/plugin_context.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"

namespace redis_plugin_test {

inline const event_engine::PluginLoader& plugin_loader() {
  static const event_engine::PluginLoader loader({test_paths::plugin_dir});
  return loader;
}

// A plugin with its metrics and the text of its log, for tests that check what it says.
template <typename Plugin>
struct Loaded {
  std::unique_ptr<event_engine::MetricsRegistry> metrics = std::make_unique<event_engine::MetricsRegistry>();
  std::shared_ptr<std::ostringstream> log = std::make_shared<std::ostringstream>();
  std::shared_ptr<Plugin> plugin;

  Plugin* operator->() const { return plugin.get(); }
  Plugin& operator*() const { return *plugin; }
  std::uint64_t counter(std::string_view name) const { return metrics->counter(name, "").value(); }
  std::string log_text() const { return log->str(); }

  event_engine::PluginContext context() const {
    auto logger = std::make_shared<spdlog::logger>("redis-test",
                                                   std::make_shared<spdlog::sinks::ostream_sink_mt>(*log));
    logger->set_level(spdlog::level::info);
    return event_engine::PluginContext{logger, metrics.get(), test_paths::binary_dir, ""};
  }
};

// `config` is the plugin's config object; throws what the factory throws.
inline Loaded<event_engine::Broker> load_redis_broker(const nlohmann::json& config) {
  Loaded<event_engine::Broker> loaded;
  loaded.plugin = plugin_loader().create_broker("redis", event_engine::ConfigReader(config, "/broker/config"),
                                                loaded.context());
  return loaded;
}

inline Loaded<event_engine::Store> load_redis_store(const nlohmann::json& config) {
  Loaded<event_engine::Store> loaded;
  loaded.plugin = plugin_loader().create_store(
      "redis", event_engine::ConfigReader(config, "/process/store/config"), loaded.context());
  return loaded;
}

// Polls until `batch` holds `count` events or `patience` runs out.
inline void poll_until(event_engine::Broker& broker, event_engine::EventBatch& batch, std::size_t count,
                       std::chrono::milliseconds patience = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (batch.size() < count && std::chrono::steady_clock::now() < deadline) {
    broker.poll(batch, count - batch.size(), std::chrono::milliseconds(50));
  }
}

using event_engine::testing::events_of;

// Calls `condition` until it holds or `patience` runs out; returns its last answer.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds patience = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace redis_plugin_test
