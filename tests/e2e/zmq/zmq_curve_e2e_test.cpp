// CURVE on the shipped default config's tcp endpoint, as an operator runs it exposed: the engine's
// keys in environment variables the config names (as docker/compose.yaml's zmq-engine passes them).
// pyzmq clients with the right key, a wrong key and none: only the first one's events are applied,
// the two refusals counted. `event-engine publish` gets in with client keys, and is refused without.
// And docker/compose.yaml's zmq-engine command, run as written (its tcp port made free).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "child_process.hpp"
#include "curve_key_pair.hpp"
#include "engine_reads.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

using namespace std::chrono_literals;

std::int64_t model_w(const EngineInstance& engine) {
  return nlohmann::json::parse(http_get(engine.http_port(), "/model?compact=1").body)
      .at("w")
      .get<std::int64_t>();
}

class ZmqCurveEndToEnd : public ::testing::Test {
 protected:
  ZmqCurveEndToEnd() {
    ::setenv("ZMQ_CURVE_SERVER_SECRET_KEY", server_.secret_key.c_str(), 1);
    ::setenv("ZMQ_CURVE_AUTHORIZED_KEYS", client_.public_key.c_str(), 1);
    ::setenv("ZMQ_CURVE_CLIENT_SECRET_KEY", client_.secret_key.c_str(), 1);
    ::setenv("ZMQ_CURVE_SERVER_PUBLIC_KEY", server_.public_key.c_str(), 1);
  }

  // The pyzmq client's verdict on its handshake ("accepted" or "refused").
  std::string run_client(const std::string& body, const CurveKeyPair* keys) {
    std::vector<std::string> argv = {
        "/usr/bin/python3", std::string(test_paths::source_dir) + "/plugins/zmq_broker/tests/curve_client.py",
        endpoint_, "--body=" + body};
    if (keys != nullptr) {
      argv.insert(argv.end(), {"--server-key=" + server_.public_key, "--public=" + keys->public_key,
                               "--secret=" + keys->secret_key});
    }
    std::string output;
    EXPECT_EQ(run_program(argv, output, scaled(60s)), 0) << output;
    return output.substr(0, output.find('\n'));
  }

  int publish(const std::vector<std::string>& more, std::string& output) {
    std::vector<std::string> argv = engine_.command("publish");
    argv.insert(argv.end(), more.begin(), more.end());
    return run_program(argv, output, scaled(60s));
  }

  const CurveKeyPair server_ = new_curve_key_pair();
  const CurveKeyPair client_ = new_curve_key_pair();
  const CurveKeyPair stranger_ = new_curve_key_pair();
  TempDir work_;
  const std::string endpoint_ = "tcp://127.0.0.1:" + std::to_string(free_port());
  EngineInstance engine_{
      work_.path(),
      "config/default.json",
      {"broker.config.endpoints=[\"inproc://event-engine\",\"" + endpoint_ + "\"]",
       "broker.config.curve_server_secret_key_env=ZMQ_CURVE_SERVER_SECRET_KEY",
       "broker.config.curve_authorized_keys_env=ZMQ_CURVE_AUTHORIZED_KEYS", "process.visualisers=[]"}};
};

TEST_F(ZmqCurveEndToEnd, OnlyTheAuthorisedClientsEventsAreAppliedAndTheRefusalsCounted) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(run_client("l\nl\nl", &stranger_), "refused");
  EXPECT_EQ(run_client("l\nl\nl", nullptr), "refused");
  EXPECT_EQ(run_client("w\nl\nw", &client_), "accepted");
  ASSERT_TRUE(wait_until([&] { return applied_n(engine_) == 3; }, 10s)) << engine_.log();
  ASSERT_TRUE(
      wait_until([&] { return metric(engine_, "event_engine_zmq_handshakes_refused_total") == 2; }, 10s));
  // Over inproc, the engine's own HTTP ingestion needs no key.
  EXPECT_EQ(http_get(engine_.http_port(), "/update_model/w").status, 201);
  ASSERT_TRUE(wait_until([&] { return applied_n(engine_) == 4; }, 10s)) << engine_.log();
  EXPECT_EQ(metric(engine_, "event_engine_zmq_messages_received_total"), 2);
  EXPECT_NE(engine_.log().find("server public key " + server_.public_key), std::string::npos)
      << engine_.log();
  EXPECT_EQ(engine_.log().find(server_.secret_key), std::string::npos) << "the secret key is never logged";
  // The first refusal is logged at once; the next within log_interval wait for the next line.
  EXPECT_NE(engine_.log().find("zmq broker: refused 1 handshake(s)"), std::string::npos) << engine_.log();
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(ZmqCurveEndToEnd, EventEnginePublishGetsInWithClientKeysOnlyAndTheRefusalIsCounted) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  std::string output;
  // Plain: refused at the handshake, and again at each reconnection while it lingers (each counted).
  ASSERT_EQ(publish({"w", "w", "l"}, output), 0) << output;
  ASSERT_TRUE(
      wait_until([&] { return metric(engine_, "event_engine_zmq_handshakes_refused_total") >= 1; }, 10s));
  ASSERT_EQ(
      publish({"--set", "broker.config.curve_client_secret_key_env=ZMQ_CURVE_CLIENT_SECRET_KEY", "--set",
               "broker.config.curve_server_public_key_env=ZMQ_CURVE_SERVER_PUBLIC_KEY", "w", "l"},
              output),
      0)
      << output;
  ASSERT_TRUE(wait_until([&] { return applied_n(engine_) == 2; }, 10s)) << engine_.log();
  EXPECT_EQ(model_w(engine_), 1) << "only the keyed publish's w and l";
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(ZmqCurveEndToEnd, AnUnsetKeyVariableStopsTheEngineWithExitCodeTwoNamingThePath) {
  ::unsetenv("ZMQ_CURVE_AUTHORIZED_KEYS");
  std::string output;
  EXPECT_EQ(run_program(engine_.command("validate"), output, scaled(60s)), 2) << output;
  EXPECT_NE(output.find("/broker/config/curve_authorized_keys_env"), std::string::npos) << output;
  EXPECT_NE(output.find("ZMQ_CURVE_AUTHORIZED_KEYS is not set"), std::string::npos) << output;
}

// The compose service's command and environment, read with Debian's python3-yaml.
nlohmann::json compose_service(const std::string& name) {
  const std::string compose = std::string(test_paths::source_dir) + "/docker/compose.yaml";
  std::string output;
  const int status =
      run_program({"/usr/bin/python3", "-c",
                   "import json, sys, yaml\n"
                   "print(json.dumps(yaml.safe_load(open(sys.argv[1]))['services'][sys.argv[2]]))",
                   compose, name},
                  output, scaled(60s));
  if (status != 0) throw std::runtime_error("reading " + compose + ": " + output);
  return nlohmann::json::parse(output);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

TEST(ZmqCurveCompose, TheZmqEngineServiceTakesOnlyItsAuthorisedClients) {
  const nlohmann::json service = compose_service("zmq-engine");
  const std::vector<std::string> command = service.at("command").get<std::vector<std::string>>();
  ASSERT_GE(command.size(), 3u);
  ASSERT_EQ(command[1], "--config");
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
  std::vector<std::string> overrides;
  for (std::size_t i = 3; i + 1 < command.size(); i += 2) {
    ASSERT_EQ(command[i], "--set");
    std::string assignment = command[i + 1];
    replace_all(assignment, "$${", "${");  // compose's escape: the engine reads ${...} itself
    replace_all(assignment, "tcp://0.0.0.0:5555", endpoint);
    overrides.push_back(assignment);
  }
  ASSERT_TRUE(service.at("environment").contains("ZMQ_CURVE_SERVER_SECRET_KEY"));
  ASSERT_TRUE(service.at("environment").contains("ZMQ_CURVE_AUTHORIZED_KEYS"));

  const CurveKeyPair server = new_curve_key_pair();
  const CurveKeyPair client = new_curve_key_pair();
  const CurveKeyPair stranger = new_curve_key_pair();
  TempDir work;
  EngineInstance engine(work.path(), command[2], overrides);
  ::setenv("HTTP_HOST", "127.0.0.1", 1);
  ::setenv("HTTP_PORT", std::to_string(engine.http_port()).c_str(), 1);
  ::setenv("ZMQ_CURVE_SERVER_SECRET_KEY", "", 1);
  ::setenv("ZMQ_CURVE_AUTHORIZED_KEYS", "", 1);
  std::string output;
  EXPECT_EQ(run_program(engine.command("validate"), output, scaled(60s)), 2) << "keys unset: " << output;

  ::setenv("ZMQ_CURVE_SERVER_SECRET_KEY", server.secret_key.c_str(), 1);
  ::setenv("ZMQ_CURVE_AUTHORIZED_KEYS", client.public_key.c_str(), 1);
  ASSERT_TRUE(engine.start()) << engine.log();
  const std::string client_script =
      std::string(test_paths::source_dir) + "/plugins/zmq_broker/tests/curve_client.py";
  for (const CurveKeyPair* keys : {&stranger, &client}) {
    ASSERT_EQ(run_program({"/usr/bin/python3", client_script, endpoint, "--body=w\nl",
                           "--server-key=" + server.public_key, "--public=" + keys->public_key,
                           "--secret=" + keys->secret_key},
                          output, scaled(60s)),
              0)
        << output;
    EXPECT_EQ(output, keys == &client ? "accepted\n" : "refused\n");
  }
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 2; }, 10s)) << engine.log();
  EXPECT_EQ(metric(engine, "event_engine_zmq_handshakes_refused_total"), 1);
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
