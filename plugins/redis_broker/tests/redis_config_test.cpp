// The redis library's manifest and config checking, through the engine's plugin loader. No server:
// factories do no I/O, so everything here works with nothing listening.
#include <gtest/gtest.h>

#include <set>

#include "event_engine/config_error.hpp"
#include "free_port.hpp"
#include "loaded_redis_plugins.hpp"

namespace {

using nlohmann::json;
using redis_plugin_test::load_redis_broker;
using redis_plugin_test::load_redis_store;
using redis_plugin_test::plugin_loader;

std::string broker_config_error(const json& config) {
  try {
    load_redis_broker(config);
  } catch (const event_engine::ConfigError& error) {
    return error.what();
  }
  return "no ConfigError";
}

std::set<std::string> keys_of(const event_engine::PluginDescriptor& plugin) {
  std::set<std::string> keys;
  for (const auto& key : plugin.config_keys) {
    EXPECT_TRUE(json::accept(key.default_json)) << key.name;
    EXPECT_FALSE(key.description.empty()) << key.name;
    keys.insert(key.name);
  }
  return keys;
}

TEST(RedisPluginManifest, OneLibraryProvidesTheBrokerAndTheStore) {
  const auto& broker = plugin_loader().find("broker", "redis");
  const auto& store = plugin_loader().find("store", "redis");
  EXPECT_EQ(broker.library.filename(), "redis_broker.so");
  EXPECT_EQ(store.library, broker.library);
  const std::set<std::string> connection = {
      "host",     "port",         "unix_socket",        "db",
      "username", "password_env", "connect_timeout_ms", "command_timeout_ms"};
  std::set<std::string> broker_keys = connection;
  broker_keys.insert({"mode", "reconnect_max_ms", "group", "consumer", "field", "maxlen", "read_count",
                      "claim_idle_ms", "checkpoint_hash", "idempotency_window_ms"});
  std::set<std::string> store_keys = connection;
  store_keys.insert({"key_prefix", "seed_key", "seed_fields"});
  EXPECT_EQ(keys_of(broker), broker_keys);
  EXPECT_EQ(keys_of(store), store_keys);
}

TEST(RedisBrokerConfig, BadValuesNameTheirPath) {
  EXPECT_EQ(broker_config_error({{"mode", "queue"}}),
            R"(/broker/config/mode: expected one of "pubsub" "stream", got "queue")");
  EXPECT_EQ(broker_config_error({{"port", 0}}),
            "/broker/config/port: expected an integer in [1, 65535], got 0");
  EXPECT_EQ(broker_config_error({{"maxlen", 1000}}),
            R"(/broker/config/maxlen: expected no value: this key is for mode "stream" only, got 1000)");
  EXPECT_EQ(broker_config_error({{"mode", "stream"}, {"group", ""}}),
            R"(/broker/config/group: expected a consumer group name, got "")");
  EXPECT_EQ(broker_config_error({{"mode", "stream"}, {"claim_idle_ms", 10}}),
            "/broker/config/claim_idle_ms: expected an integer in [1000, 2147483647], got 10");
  EXPECT_EQ(
      broker_config_error({{"username", "engine"}}),
      R"(/broker/config/username: expected password_env too (AUTH with a user name needs a password), got "engine")");
}

TEST(RedisBrokerConfig, FactoriesOpenNothing) {
  const int nobody_listens = event_engine::testing::free_port();
  const auto pubsub = load_redis_broker({{"port", nobody_listens}});
  const auto stream = load_redis_broker({{"port", nobody_listens}, {"mode", "stream"}});
  const auto store = load_redis_store({{"port", nobody_listens}});
  EXPECT_FALSE(pubsub->capabilities().durable);
  EXPECT_TRUE(stream->capabilities().durable);
  // Asked for readiness, they look: nothing answers.
  EXPECT_FALSE(pubsub->ready());
  EXPECT_FALSE(stream->ready());
  EXPECT_FALSE(store->reachable());
  try {
    store->load("model");
    FAIL() << "load with nothing listening did not throw";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(nobody_listens)),
              std::string::npos)
        << error.what();
  }
}

TEST(RedisBrokerConfig, SubscribingWithNothingListeningKeepsTryingQuietly) {
  const auto broker =
      load_redis_broker({{"port", event_engine::testing::free_port()}, {"reconnect_max_ms", 200}});
  EXPECT_NO_THROW(broker->subscribe({"update_model"}, std::nullopt));
  event_engine::EventBatch batch;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(600)) {
    EXPECT_EQ(broker->poll(batch, 10, std::chrono::milliseconds(20)), 0u);
  }
  EXPECT_FALSE(broker->ready());
  const std::string log = broker.log_text();
  EXPECT_NE(log.find("pubsub subscriber"), std::string::npos) << log;
  EXPECT_EQ(log.find("warn"), log.rfind("warn")) << "one warning, not one per attempt:\n" << log;
}

}  // namespace
