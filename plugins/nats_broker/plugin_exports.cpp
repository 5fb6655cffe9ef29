// The nats_broker library's manifest and factories, as the engine's plugin loader finds them: the
// `nats` broker (core or jetstream mode) and the `nats_kv` store.
#include <spdlog/spdlog.h>
#include <array>
#include <iterator>
#include <memory>

#include "core_broker.hpp"
#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "jetstream_broker.hpp"
#include "kv_store.hpp"
#include "nats_broker_config.hpp"

namespace nats_broker {

inline constexpr std::array<event_engine::ConfigKeyInfo, 3> store_own_config_keys{{
    {"bucket", "string", R"("event-engine")", "key-value bucket of the checkpoints (created if missing)"},
    {"replicas", "integer", "1", "copies of the bucket when it is created (1 to 5)"},
    {"key_prefix", "string", R"("checkpoint.")",
     "the checkpoint of process.checkpoint.key K is the bucket key <key_prefix>K"},
}};
inline constexpr auto store_config_keys = with_connection_keys(store_own_config_keys);

std::shared_ptr<spdlog::logger> logger_of(const event_engine::PluginContext& context) {
  return context.logger != nullptr ? context.logger : spdlog::default_logger();
}

std::unique_ptr<event_engine::Broker> create_broker(const event_engine::ConfigReader& config,
                                                    const event_engine::PluginContext& context) {
  NatsBrokerConfig read = read_broker_config(config);
  if (read.mode == BrokerMode::jetstream) {
    return std::make_unique<JetStreamBroker>(std::move(read), context.metrics, logger_of(context));
  }
  return std::make_unique<CoreBroker>(std::move(read), context.metrics, logger_of(context));
}

std::unique_ptr<event_engine::Store> create_store(const event_engine::ConfigReader& config,
                                                  const event_engine::PluginContext& context) {
  KvStoreSettings settings;
  settings.connection = read_connection_settings(config);
  settings.bucket = config.string("bucket", settings.bucket);
  if (settings.bucket.empty() || settings.bucket.find_first_of(".*> ") != std::string::npos) {
    config.fail("bucket", "expected a bucket name without '.', '*', '>' or spaces");
  }
  settings.replicas = static_cast<int>(config.integer("replicas", settings.replicas, 1, 5));
  settings.key_prefix = config.string("key_prefix", settings.key_prefix);
  return std::make_unique<KvStore>(std::move(settings), logger_of(context));
}

constexpr event_engine::PluginInfo plugins[] = {
    {
        .kind = "broker",
        .name = "nats",
        .version = "1.0.0",
        .summary = "NATS core subjects (fire-and-forget) or a JetStream stream with a durable pull consumer "
                   "(replicated, exactly once with a checkpoint, partitions for several engines)",
        .config_keys = broker_config_keys.data(),
        .config_key_count = broker_config_keys.size(),
        .factory_alias = "event_engine_nats_broker_factory",
    },
    {
        .kind = "store",
        .name = "nats_kv",
        .version = "1.0.0",
        .summary =
            "Checkpoints in a JetStream key-value bucket, written with compare-and-set on the revision",
        .config_keys = store_config_keys.data(),
        .config_key_count = store_config_keys.size(),
        .factory_alias = "event_engine_nats_kv_store_factory",
    },
};

constexpr event_engine::LibraryManifest manifest{
    .api_version = EVENT_ENGINE_PLUGIN_API_VERSION,
    .abi_fingerprint = EVENT_ENGINE_ABI_FINGERPRINT,
    .plugins = plugins,
    .plugin_count = std::size(plugins),
};

}  // namespace nats_broker

EVENT_ENGINE_EXPORT_MANIFEST(nats_broker::manifest)
EVENT_ENGINE_EXPORT_FACTORY(nats_broker::create_broker, event_engine_nats_broker_factory)
EVENT_ENGINE_EXPORT_FACTORY(nats_broker::create_store, event_engine_nats_kv_store_factory)
