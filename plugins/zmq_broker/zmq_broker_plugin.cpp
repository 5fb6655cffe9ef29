// The zmq_broker library's manifest and factory, as the engine's plugin loader finds them.
#include <spdlog/spdlog.h>
#include <iterator>
#include <memory>

#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "zmq_broker.hpp"
#include "zmq_broker_config.hpp"

namespace zmq_broker {

std::unique_ptr<event_engine::Broker> create(const event_engine::ConfigReader& config,
                                             const event_engine::PluginContext& context) {
  return std::make_unique<ZmqBroker>(read_config(config, context.config_dir), context.metrics,
                                     context.logger != nullptr ? context.logger : spdlog::default_logger());
}

constexpr event_engine::PluginInfo plugins[] = {{
    .kind = "broker",
    .name = "zmq",
    .version = "1.0.0",
    .summary = "ZeroMQ PUSH/PULL or PUB/SUB over inproc, ipc and tcp; many events per message; not durable",
    .config_keys = config_keys,
    .config_key_count = std::size(config_keys),
    .factory_alias = "event_engine_zmq_broker_factory",
}};

constexpr event_engine::LibraryManifest manifest{
    .api_version = EVENT_ENGINE_PLUGIN_API_VERSION,
    .abi_fingerprint = EVENT_ENGINE_ABI_FINGERPRINT,
    .plugins = plugins,
    .plugin_count = std::size(plugins),
};

}  // namespace zmq_broker

EVENT_ENGINE_EXPORT_MANIFEST(zmq_broker::manifest)
EVENT_ENGINE_EXPORT_FACTORY(zmq_broker::create, event_engine_zmq_broker_factory)
