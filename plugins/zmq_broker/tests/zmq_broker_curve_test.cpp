// CURVE on a tcp endpoint, through the built zmq_broker.so: pyzmq clients with an authorised key,
// with a key the broker does not know, and with no key at all. Only the first one's events arrive;
// the other two are refused at the handshake and counted. The keys come from a file and an
// environment variable that the config names.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "batch_events.hpp"
#include "child_process.hpp"
#include "curve_key_pair.hpp"
#include "free_port.hpp"
#include "loaded_zmq_broker.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace {

using namespace std::chrono_literals;
using event_engine::EventBatch;
using event_engine::testing::scaled;
using event_engine::testing::TempDir;
using nlohmann::json;

using event_engine::testing::events_of;

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
}

class ZmqBrokerCurve : public testing::Test {
 protected:
  ZmqBrokerCurve() {
    write_file(dir_ / "server.key", server_.secret_key + "\n");
    write_file(dir_ / "clients.keys", other_client_.public_key + "\n" + client_.public_key + "\n");
    ::setenv("ZMQ_BROKER_CURVE_TEST_CLIENTS", client_.public_key.c_str(), 1);
  }

  // Runs the pyzmq client with `keys` (none: plain) and returns what it printed.
  std::string run_client(const std::vector<std::string>& bodies, const CurveKeyPair* keys) {
    std::vector<std::string> argv = {
        "/usr/bin/python3", std::string(test_paths::source_dir) + "/plugins/zmq_broker/tests/curve_client.py",
        endpoint_, "--timeout", std::to_string(scaled(10s).count() / 1000.0)};
    for (const std::string& body : bodies) argv.push_back("--body=" + body);
    if (keys != nullptr) {
      // As --name=value: a Z85 key may start with '-'.
      argv.insert(argv.end(), {"--server-key=" + server_.public_key, "--public=" + keys->public_key,
                               "--secret=" + keys->secret_key});
    }
    std::string output;
    const int status = event_engine::testing::run_program(argv, output, scaled(60s));
    EXPECT_EQ(status, 0) << output;
    return output.substr(0, output.find('\n'));
  }

  TempDir dir_;
  const std::string endpoint_ = "tcp://127.0.0.1:" + std::to_string(event_engine::testing::free_port());
  const CurveKeyPair server_ = new_curve_key_pair();
  const CurveKeyPair client_ = new_curve_key_pair();
  const CurveKeyPair other_client_ = new_curve_key_pair();  // authorised too, never used
  const CurveKeyPair stranger_ = new_curve_key_pair();
};

TEST_F(ZmqBrokerCurve, OnlyTheAuthorisedClientsEventsArriveAndTheRefusalsAreCounted) {
  const LoadedZmqBroker loaded =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"curve_server_secret_key_file", (dir_ / "server.key").string()},
                       {"curve_authorized_keys_file", (dir_ / "clients.keys").string()}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);

  EXPECT_EQ(run_client({"l\nl"}, &stranger_), "refused");
  EXPECT_EQ(run_client({"l\nl\nl"}, nullptr), "refused");
  EXPECT_EQ(run_client({"w\nl", "w"}, &client_), "accepted");

  EventBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + scaled(10s);
  while ((batch.size() < 3 || loaded.counter("event_engine_zmq_handshakes_refused_total") < 2) &&
         std::chrono::steady_clock::now() < deadline) {
    loaded.broker->poll(batch, 100, 50ms);
  }
  loaded.broker->poll(batch, 100, 100ms);  // nothing more may come
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l", "w"}));
  EXPECT_EQ(loaded.counter("event_engine_zmq_handshakes_refused_total"), 2u);
  EXPECT_EQ(loaded.counter("event_engine_zmq_messages_received_total"), 2u);
}

TEST_F(ZmqBrokerCurve, TheAuthorisedKeysMayComeFromAnEnvironmentVariable) {
  const LoadedZmqBroker loaded =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"curve_server_secret_key_file", (dir_ / "server.key").string()},
                       {"curve_authorized_keys_env", "ZMQ_BROKER_CURVE_TEST_CLIENTS"}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);
  EXPECT_EQ(run_client({"w"}, &client_), "accepted");
  EventBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + scaled(10s);
  while (batch.size() < 1 && std::chrono::steady_clock::now() < deadline)
    loaded.broker->poll(batch, 100, 50ms);
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"w"});
}

// The engine's own publishers (event-engine publish, the api-publisher config) as CURVE clients.
TEST_F(ZmqBrokerCurve, ThePublisherOfAnotherBrokerWithClientKeysGetsIn) {
  ::setenv("ZMQ_BROKER_CURVE_TEST_CLIENT_SECRET", client_.secret_key.c_str(), 1);
  ::setenv("ZMQ_BROKER_CURVE_TEST_SERVER_PUBLIC", server_.public_key.c_str(), 1);
  const LoadedZmqBroker receiving =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"curve_server_secret_key_file", (dir_ / "server.key").string()},
                       {"curve_authorized_keys_file", (dir_ / "clients.keys").string()}});
  receiving.broker->subscribe({"update_model"}, std::nullopt);
  const LoadedZmqBroker outside =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"curve_client_secret_key_env", "ZMQ_BROKER_CURVE_TEST_CLIENT_SECRET"},
                       {"curve_server_public_key_env", "ZMQ_BROKER_CURVE_TEST_SERVER_PUBLIC"}});
  const LoadedZmqBroker plain = load_zmq_broker({{"endpoints", {endpoint_}}});
  plain.broker->open_publisher()->publish("update_model", "from-plain");
  outside.broker->open_publisher()->publish("update_model", "from-outside");

  EventBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + scaled(10s);
  while ((batch.size() < 1 || receiving.counter("event_engine_zmq_handshakes_refused_total") < 1) &&
         std::chrono::steady_clock::now() < deadline) {
    receiving.broker->poll(batch, 100, 50ms);
  }
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"from-outside"});
  EXPECT_GE(receiving.counter("event_engine_zmq_handshakes_refused_total"), 1u);
}

// With bind = "sender" the publishers' bound socket is the CURVE server and receivers are clients.
TEST_F(ZmqBrokerCurve, WithTheSenderBindingThePublishersSocketIsTheServer) {
  ::setenv("ZMQ_BROKER_CURVE_TEST_CLIENT_SECRET", client_.secret_key.c_str(), 1);
  ::setenv("ZMQ_BROKER_CURVE_TEST_SERVER_PUBLIC", server_.public_key.c_str(), 1);
  const LoadedZmqBroker sending =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"bind", "sender"},
                       {"curve_server_secret_key_file", (dir_ / "server.key").string()},
                       {"curve_authorized_keys_file", (dir_ / "clients.keys").string()}});
  const LoadedZmqBroker receiving =
      load_zmq_broker({{"endpoints", {endpoint_}},
                       {"bind", "sender"},
                       {"curve_client_secret_key_env", "ZMQ_BROKER_CURVE_TEST_CLIENT_SECRET"},
                       {"curve_server_public_key_env", "ZMQ_BROKER_CURVE_TEST_SERVER_PUBLIC"}});
  const std::unique_ptr<event_engine::Publisher> publisher = sending.broker->open_publisher();
  receiving.broker->subscribe({"update_model"}, std::nullopt);
  // PUSH waits for a peer whose handshake succeeded: this returns once the receiver got in.
  publisher->publish("update_model", "w");
  EventBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + scaled(10s);
  while (batch.size() < 1 && std::chrono::steady_clock::now() < deadline)
    receiving.broker->poll(batch, 100, 50ms);
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"w"});
}

}  // namespace
