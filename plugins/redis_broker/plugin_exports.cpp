// The redis_broker library's manifest and factories, as the engine's plugin loader finds them: the
// `redis` broker (pubsub or stream mode) and the `redis` store.
#include <spdlog/spdlog.h>
#include <array>
#include <iterator>
#include <memory>

#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "pubsub_broker.hpp"
#include "redis_broker_config.hpp"
#include "redis_store.hpp"
#include "stream_broker.hpp"

namespace redis_broker {

inline constexpr std::array<event_engine::ConfigKeyInfo, 3> store_own_config_keys{{
    {"key_prefix", "string", R"("event-engine:checkpoint:")",
     "the checkpoint of process.checkpoint.key K is the hash <key_prefix>K"},
    {"seed_key", "string", R"("")",
     "also keep the model's knowledge in this hash, as the seed does (\"data\"), replaced with every "
     "checkpoint in the same transaction; empty: no such hash"},
    {"seed_fields", "object", R"({"posterior": "/posterior", "w": "/w", "n": "/n"})",
     "the seed hash's fields, each a JSON pointer into the model's summary (GET /model); lists are "
     "written as JSON"},
}};
inline constexpr auto store_config_keys = with_connection_keys(store_own_config_keys);

std::shared_ptr<spdlog::logger> logger_of(const event_engine::PluginContext& context) {
  return context.logger != nullptr ? context.logger : spdlog::default_logger();
}

std::unique_ptr<event_engine::Broker> create_broker(const event_engine::ConfigReader& config,
                                                    const event_engine::PluginContext& context) {
  RedisBrokerConfig read = read_broker_config(config, context.checkpoint_key);
  if (read.mode == BrokerMode::stream) {
    return std::make_unique<StreamBroker>(std::move(read), context.metrics, logger_of(context));
  }
  return std::make_unique<PubSubBroker>(std::move(read), context.metrics, logger_of(context));
}

std::unique_ptr<event_engine::Store> create_store(const event_engine::ConfigReader& config,
                                                  const event_engine::PluginContext&) {
  return std::make_unique<RedisStore>(read_connection_settings(config),
                                      config.string("key_prefix", "event-engine:checkpoint:"),
                                      read_seed_hash_layout(config));
}

constexpr event_engine::PluginInfo plugins[] = {
    {
        .kind = "broker",
        .name = "redis",
        .version = "1.0.0",
        .summary = "Redis pub/sub (the seed's channel; not durable) or Streams with a consumer group "
                   "(durable, exactly once with a checkpoint, several engines per stream)",
        .config_keys = broker_config_keys.data(),
        .config_key_count = broker_config_keys.size(),
        .factory_alias = "event_engine_redis_broker_factory",
    },
    {
        .kind = "store",
        .name = "redis",
        .version = "1.0.0",
        .summary = "Checkpoints as Redis hashes (w, l, n readable with redis-cli), replaced atomically "
                   "(MULTI/EXEC)",
        .config_keys = store_config_keys.data(),
        .config_key_count = store_config_keys.size(),
        .factory_alias = "event_engine_redis_store_factory",
    },
};

constexpr event_engine::LibraryManifest manifest{
    .api_version = EVENT_ENGINE_PLUGIN_API_VERSION,
    .abi_fingerprint = EVENT_ENGINE_ABI_FINGERPRINT,
    .plugins = plugins,
    .plugin_count = std::size(plugins),
};

}  // namespace redis_broker

EVENT_ENGINE_EXPORT_MANIFEST(redis_broker::manifest)
EVENT_ENGINE_EXPORT_FACTORY(redis_broker::create_broker, event_engine_redis_broker_factory)
EVENT_ENGINE_EXPORT_FACTORY(redis_broker::create_store, event_engine_redis_store_factory)
