// The zmq broker's manifest, config validation and socket lifecycle, through the real plugin loader.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <stdexcept>
#include <string>
#include <zmq.hpp>

#include "event_engine/config_error.hpp"
#include "free_port.hpp"
#include "loaded_zmq_broker.hpp"

namespace {

using nlohmann::json;

std::string config_error_of(const json& config) {
  try {
    load_zmq_broker(config);
  } catch (const event_engine::ConfigError& error) {
    return error.what();
  }
  return "no ConfigError";
}

std::string tcp_endpoint(int port) { return "tcp://127.0.0.1:" + std::to_string(port); }

TEST(ZmqBrokerManifest, DeclaresEveryConfigKeyWithAJsonDefault) {
  const event_engine::PluginDescriptor& plugin = plugin_loader().find("broker", "zmq");
  EXPECT_EQ(plugin.version, "1.0.0");
  EXPECT_FALSE(plugin.summary.empty());
  std::vector<std::string> names;
  for (const event_engine::ConfigKeyDescriptor& key : plugin.config_keys) {
    names.push_back(key.name);
    EXPECT_FALSE(key.description.empty()) << key.name;
    EXPECT_TRUE(json::accept(key.default_json)) << key.name;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "pattern", "endpoints", "bind", "high_water_mark", "linger_ms", "max_message_bytes",
                "curve_server_secret_key_file", "curve_server_secret_key_env", "curve_authorized_keys_file",
                "curve_authorized_keys_env", "curve_client_secret_key_file", "curve_client_secret_key_env",
                "curve_server_public_key_file", "curve_server_public_key_env"}));
}

TEST(ZmqBrokerManifest, EveryDeclaredDefaultIsAcceptedAsAValue) {
  json config = json::object();
  for (const event_engine::ConfigKeyDescriptor& key : plugin_loader().find("broker", "zmq").config_keys) {
    config[key.name] = json::parse(key.default_json);
  }
  EXPECT_NO_THROW(load_zmq_broker(config));
}

TEST(ZmqBrokerConfig, RejectsAnUnknownPattern) {
  EXPECT_EQ(config_error_of({{"pattern", "fanout"}}),
            R"(/broker/config/pattern: expected one of "push_pull" "pub_sub", got "fanout")");
}

TEST(ZmqBrokerConfig, RejectsAnUnknownBindingSide) {
  EXPECT_EQ(config_error_of({{"bind", "both"}}),
            R"(/broker/config/bind: expected one of "receiver" "sender", got "both")");
}

TEST(ZmqBrokerConfig, RejectsAnEndpointOfAnotherTransport) {
  EXPECT_EQ(config_error_of({{"endpoints", {"inproc://a", "udp://127.0.0.1:5555"}}}),
            R"(/broker/config/endpoints/1: expected an endpoint starting with inproc://, ipc:// or tcp://, )"
            R"(got "udp://127.0.0.1:5555")");
}

TEST(ZmqBrokerConfig, RejectsAnEmptyEndpointList) {
  EXPECT_EQ(config_error_of({{"endpoints", json::array()}}),
            "/broker/config/endpoints: expected at least one endpoint, got []");
}

// The wording of the accepted range is ConfigReader's; these tests pin the path and the value.
TEST(ZmqBrokerConfig, RejectsANegativeHighWaterMark) {
  const std::string error = config_error_of({{"high_water_mark", -1}});
  EXPECT_TRUE(error.starts_with("/broker/config/high_water_mark: expected an integer")) << error;
  EXPECT_TRUE(error.ends_with(", got -1")) << error;
}

TEST(ZmqBrokerConfig, RejectsALingerThatIsNotANumber) {
  const std::string error = config_error_of({{"linger_ms", "soon"}});
  EXPECT_TRUE(error.starts_with("/broker/config/linger_ms: expected an integer")) << error;
  EXPECT_TRUE(error.ends_with(R"(, got "soon")")) << error;
}

TEST(ZmqBrokerConfig, RejectsAMessageBoundBelowOneByte) {
  const std::string error = config_error_of({{"max_message_bytes", 0}});
  EXPECT_TRUE(error.starts_with("/broker/config/max_message_bytes: expected an integer")) << error;
}

TEST(ZmqBrokerConfig, RefusesACurveKeyFromAnUnsetVariableNamingItButNotAValue) {
  ::unsetenv("ZMQ_BROKER_CONFIG_TEST_UNSET");
  const std::string error = config_error_of({{"curve_server_secret_key_env", "ZMQ_BROKER_CONFIG_TEST_UNSET"},
                                             {"curve_authorized_keys_env", "ZMQ_BROKER_CONFIG_TEST_UNSET"}});
  EXPECT_TRUE(
      error.starts_with("/broker/config/curve_server_secret_key_env: expected the name of a set "
                        "environment variable"))
      << error;
  EXPECT_NE(error.find("ZMQ_BROKER_CONFIG_TEST_UNSET is not set"), std::string::npos) << error;
}

TEST(ZmqBrokerConfig, RefusesACurveKeyThatIsNotZ85AndNeverShowsIt) {
  ::setenv("ZMQ_BROKER_CONFIG_TEST_KEY", "not-a-key-but-a-secret-all-the-same", 1);
  const std::string error = config_error_of({{"curve_client_secret_key_env", "ZMQ_BROKER_CONFIG_TEST_KEY"},
                                             {"curve_server_public_key_env", "ZMQ_BROKER_CONFIG_TEST_KEY"}});
  EXPECT_TRUE(error.starts_with("/broker/config/curve_client_secret_key_env: expected a CURVE key")) << error;
  EXPECT_EQ(error.find("not-a-key"), std::string::npos) << error;
}

TEST(ZmqBrokerConfig, RefusesAnUnreadableCurveKeyFileNamingIt) {
  const std::string error = config_error_of({{"curve_server_secret_key_file", "/nonexistent/server.key"},
                                             {"curve_authorized_keys_file", "/nonexistent/clients.keys"}});
  EXPECT_TRUE(error.starts_with("/broker/config/curve_server_secret_key_file: expected a readable file"))
      << error;
  EXPECT_NE(error.find("cannot read /nonexistent/server.key"), std::string::npos) << error;
}

TEST(ZmqBrokerConfig, RefusesAHalfConfiguredCurveSide) {
  ::setenv("ZMQ_BROKER_CONFIG_TEST_KEY", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", 1);
  EXPECT_TRUE(
      config_error_of({{"curve_server_secret_key_env", "ZMQ_BROKER_CONFIG_TEST_KEY"}})
          .starts_with(
              "/broker/config/curve_authorized_keys_file: expected curve_server_secret_key_(file|env) "
              "and curve_authorized_keys_(file|env) together"));
  EXPECT_TRUE(
      config_error_of({{"curve_server_public_key_env", "ZMQ_BROKER_CONFIG_TEST_KEY"}})
          .starts_with(
              "/broker/config/curve_client_secret_key_file: expected curve_client_secret_key_(file|env) "
              "and curve_server_public_key_(file|env) together"));
  EXPECT_TRUE(config_error_of({{"curve_server_public_key_env", "ZMQ_BROKER_CONFIG_TEST_KEY"},
                               {"curve_server_public_key_file", "server.pub"}})
                  .starts_with("/broker/config/curve_server_public_key_env: expected either "
                               "curve_server_public_key_file or curve_server_public_key_env"));
}

TEST(ZmqBrokerConfig, RefusesAnUnknownKeyAndSuggestsTheClosest) {
  const std::string error = config_error_of({{"patern", "pub_sub"}});
  EXPECT_TRUE(error.starts_with("/broker/config/patern: unknown key for broker 'zmq'")) << error;
  EXPECT_NE(error.find(R"(did you mean "pattern"?)"), std::string::npos) << error;
}

TEST(ZmqBroker, IsNotDurableAndIsOrdered) {
  const LoadedZmqBroker loaded = load_zmq_broker(json::object());
  EXPECT_FALSE(loaded.broker->capabilities().durable);
  EXPECT_TRUE(loaded.broker->capabilities().ordered);
}

TEST(ZmqBroker, FactoryOpensNoSocket) {
  const int port = event_engine::testing::free_port();
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {tcp_endpoint(port)}}});
  zmq::context_t context;
  zmq::socket_t listener(context, zmq::socket_type::pull);
  EXPECT_NO_THROW(listener.bind(tcp_endpoint(port)));
  EXPECT_TRUE(loaded.broker->ready());
}

TEST(ZmqBroker, SubscribeOnABusyEndpointFailsNamingItAndIsNotReady) {
  const int port = event_engine::testing::free_port();
  zmq::context_t context;
  zmq::socket_t squatter(context, zmq::socket_type::pull);
  squatter.bind(tcp_endpoint(port));
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {"inproc://busy", tcp_endpoint(port)}}});
  try {
    loaded.broker->subscribe({"update_model"}, std::nullopt);
    FAIL() << "subscribe bound a busy endpoint";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot bind " + tcp_endpoint(port)), std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(loaded.broker->ready());
}

TEST(ZmqBroker, PollBeforeSubscribeIsRefused) {
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {"inproc://early"}}});
  event_engine::EventBatch batch;
  EXPECT_THROW(loaded.broker->poll(batch, 10, std::chrono::milliseconds(0)), std::logic_error);
}

TEST(ZmqBroker, SubscribingTwiceIsRefused) {
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {"inproc://twice"}}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);
  EXPECT_THROW(loaded.broker->subscribe({"update_model"}, std::nullopt), std::logic_error);
}

TEST(ZmqPublisher, RefusesAnEventWithANewline) {
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {"inproc://newline"}}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);
  const std::unique_ptr<event_engine::Publisher> publisher = loaded.broker->open_publisher();
  EXPECT_THROW(publisher->publish("update_model", "w\nl"), std::invalid_argument);
  event_engine::EventBatch batch;
  batch.add("w");
  batch.add("l\nw");
  try {
    publisher->publish_batch("update_model", batch);
    FAIL() << "a newline inside an event was sent";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("event 1 of the batch"), std::string::npos) << error.what();
  }
  EXPECT_EQ(loaded.counter("event_engine_zmq_messages_sent_total"), 0u);
}

}  // namespace
