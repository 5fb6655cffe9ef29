// An engine started while NATS cannot serve its checkpoint bucket waits instead of exiting: with
// no server listening yet, and with the bucket's three-replica stream left without a leader (two
// of its three nodes down). /readyz answers 503 with the reason meanwhile; once the bucket answers
// the engine processes what it is sent, exactly. Refused credentials still end the start at once.
#include <gtest/gtest.h>

#include <cstdlib>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

// Sanitizer builds run slower and set EVENT_ENGINE_TEST_TIME_SCALE (4): time limits stretch by it.
std::chrono::milliseconds scaled(std::chrono::milliseconds limit) {
  const char* scale = std::getenv("EVENT_ENGINE_TEST_TIME_SCALE");
  return scale == nullptr ? limit : limit * std::max(1, std::atoi(scale));
}

// Waits until /readyz says why the start waits (for the store or the broker: the error of an
// attempt), and returns what it said.
std::string readiness_once_waiting(const EngineInstance& engine) {
  HttpReply readiness;
  wait_until(
      [&] {
        readiness = http_get(engine.http_port(), "/readyz");
        return readiness.status == 503 &&
               readiness.body.find("starting: waiting for the ") != std::string::npos &&
               readiness.body.find(" (attempt ") != std::string::npos;
      },
      scaled(std::chrono::seconds(30)));
  return std::to_string(readiness.status) + " " + readiness.body;
}

// Posts trials [from, to) and waits until the engine has applied `to` of them in all.
void process_trials(const EngineInstance& engine, std::int64_t from, std::int64_t to) {
  ASSERT_TRUE(post_trials(engine, from, to, 1000)) << engine.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == to; }, scaled(std::chrono::seconds(30))))
      << "n = " << applied_n(engine) << "\n"
      << engine.log();
  const nlohmann::json summary = model_summary(engine);
  EXPECT_EQ(summary.at("w"), successes_before(to));
  EXPECT_EQ(summary.at("l"), to - successes_before(to));
}

TEST(NatsStartThatWaits, ForAServerThatIsNotListeningYet) {
  NatsServer server;
  server.kill();
  TempDir directory;
  EngineInstance engine(directory.path(), "config/nats-jetstream.json",
                        nats_overrides(server.url(), true, {"process.visualisers=[]"}));
  ASSERT_TRUE(engine.start()) << "the engine must wait for NATS, not exit:\n" << engine.log();
  const std::string readiness = readiness_once_waiting(engine);
  EXPECT_EQ(readiness.rfind("503 not ready: starting: waiting for the store: nats: ", 0), 0U) << readiness;
  EXPECT_EQ(http_get(engine.http_port(), "/healthz").status, 200);

  server.start();
  ASSERT_TRUE(wait_for_status(engine.http_port(), "/readyz", 200, scaled(std::chrono::seconds(30))))
      << engine.log();
  process_trials(engine, 0, 20000);
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(NatsStartThatWaits, ForABucketWhoseStreamHasNoLeader) {
  NatsCluster cluster;
  TempDir directory;
  // Node 0 only (not the nodes it announces): the bucket's leader election is what it waits for.
  EngineInstance engine(
      directory.path(), "config/nats-jetstream.json",
      nats_overrides(cluster.node(0).url(), true,
                     {"broker.config.replicas=3", "process.store.config.replicas=3",
                      "broker.config.ignore_discovered_servers=true",
                      "process.store.config.ignore_discovered_servers=true", "process.visualisers=[]"}));
  // A first run creates the bucket and the stream with three replicas and checkpoints 5,000 trials.
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_for_status(engine.http_port(), "/readyz", 200, scaled(std::chrono::seconds(30))))
      << engine.log();
  ASSERT_TRUE(wait_until([&] { return cluster.healthy(); }, scaled(std::chrono::seconds(60))));
  process_trials(engine, 0, 5000);
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();

  // Two of three nodes down: no quorum, so the bucket's stream has no leader.
  cluster.node(1).kill();
  cluster.node(2).kill();
  ASSERT_TRUE(engine.start()) << "the engine must wait for the bucket's leader, not exit:\n" << engine.log();
  // The bucket's reads may be served by its replica on node 0 (direct get): then the start waits
  // for the stream's consumer instead.
  const std::string readiness = readiness_once_waiting(engine);
  EXPECT_EQ(readiness.find("503 not ready: starting: waiting for the "), 0U) << readiness;
  EXPECT_NE(readiness.find(": nats: "), std::string::npos) << readiness;
  EXPECT_EQ(http_get(engine.http_port(), "/healthz").status, 200);

  cluster.node(1).start(false);
  cluster.node(2).start(false);
  ASSERT_TRUE(wait_for_status(engine.http_port(), "/readyz", 200, scaled(std::chrono::seconds(60))))
      << engine.log();
  EXPECT_NE(engine.log().find("resumed from checkpoint 'model': 5000 events applied"), std::string::npos)
      << engine.log();
  // The engine may start before the stream takes writes again (its consumer is set up through the
  // first node back): a body posted then is answered 503, and may be stored in part, so the
  // trials are posted once the cluster is whole.
  ASSERT_TRUE(wait_until([&] { return cluster.healthy(); }, scaled(std::chrono::seconds(60))));
  process_trials(engine, 5000, 10000);
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(NatsStartThatWaits, DoesNotWaitOutRefusedCredentials) {
  NatsServerOptions options;
  options.extra_arguments = {"--user", "engine", "--pass", "right"};
  NatsServer server(options);
  TempDir directory;
  std::vector<std::string> overrides;
  for (const char* section : {"broker", "process.store"}) {
    overrides.push_back(std::string(section) + ".config.user_env=TEST_NATS_USER");
    overrides.push_back(std::string(section) + ".config.password_env=TEST_NATS_PASSWORD");
  }
  overrides.push_back("process.visualisers=[]");
  EngineInstance engine(directory.path(), "config/nats-jetstream.json",
                        nats_overrides(server.url(), true, std::move(overrides)));
  ChildProcess process(engine.command("run"), directory.path() / "engine.log",
                       {{"TEST_NATS_USER", "engine"}, {"TEST_NATS_PASSWORD", "wrong"}});
  ASSERT_EQ(process.wait(scaled(std::chrono::seconds(15))), std::optional<int>(1)) << process.output();
  EXPECT_NE(process.output().find("Authorization"), std::string::npos) << process.output();
  EXPECT_EQ(process.output().find("starting: waiting"), std::string::npos) << process.output();
}

}  // namespace
}  // namespace event_engine::testing
