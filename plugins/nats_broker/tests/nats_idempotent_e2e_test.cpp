// Idempotency-Key into JetStream: each message carries Nats-Msg-Id "<key>/<message>", so a retry
// after any outcome stores nothing twice. The kill point published_not_answered puts the engine's
// death between the stream's acknowledgement and the client's answer, where a retry without a key
// counts the body twice; a three-node cluster loses a node and the engine twice while two clients
// retry with keys, and ends exact.
#include <gtest/gtest.h>

#include <csignal>

#include "nats_server.hpp"
#include "nats_services.hpp"
#include "retrying_clients.hpp"
#include "stream_event_count.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

std::uint64_t stored_events(const std::string& servers) {
  return nats_plugin_test::read_stream(servers, "update_model").events;
}

// stored_events, or -1 while the stream cannot be read (its leader is being elected).
std::int64_t stored_events_if_readable(const std::string& servers) {
  try {
    return static_cast<std::int64_t>(stored_events(servers));
  } catch (const std::runtime_error&) {
    return -1;
  }
}

// The stream's and the claims bucket's configs as the server holds them (its /jsz report).
nlohmann::json stream_config(const NatsServer& server, const std::string& stream) {
  const HttpReply reply = http_get(server.monitor_port(), "/jsz?accounts=true&streams=true&config=true");
  if (reply.status != 200) return {};
  for (const nlohmann::json& account :
       nlohmann::json::parse(reply.body).value("account_details", nlohmann::json::array())) {
    for (const nlohmann::json& detail : account.value("stream_detail", nlohmann::json::array())) {
      if (detail.value("name", "") == stream) return detail.at("config");
    }
  }
  return {};
}

class JetStreamKilledBetweenStoringAndAnswering : public ::testing::Test {
 protected:
  static constexpr std::int64_t bodies = 10;
  static constexpr std::int64_t per_body = 1000;

  // One engine takes HTTP and consumes (config/nats-jetstream.json); it kills itself when its third
  // body is acknowledged by the stream and not yet answered. Returns what it applied in the end.
  std::int64_t applied_after_a_retry(const std::string& key_prefix) {
    EngineInstance engine(work_.path(), "config/nats-jetstream.json",
                          nats_overrides(nats_.url(), true, {"process.visualisers=[]"}));
    EXPECT_TRUE(engine.start({}, {{"EVENT_ENGINE_KILL_AT", "published_not_answered:3"}})) << engine.log();
    RetryingClient client({engine.http_port(), bodies, per_body, 0, key_prefix}, work_.path() / "client.log");
    EXPECT_EQ(engine.wait(scaled(std::chrono::seconds(30))), std::optional<int>(128 + SIGKILL))
        << engine.log();
    // The state at the kill: the stream holds the third body.
    EXPECT_EQ(stored_events(nats_.url()), static_cast<std::uint64_t>(3 * per_body));
    EXPECT_TRUE(engine.start()) << engine.log();
    const std::optional<nlohmann::json> sent = client.finish(scaled(std::chrono::seconds(60)));
    EXPECT_TRUE(sent.has_value());
    if (!sent) return -1;
    EXPECT_EQ(sent->value("exit_code", -1), 0) << sent->dump();
    EXPECT_GE(sent->value("lost_answers", 0), 1) << sent->dump();
    duplicates_ = sent->value("duplicates", 0);
    const std::uint64_t stored = stored_events(nats_.url());
    EXPECT_TRUE(wait_until([&] { return applied_n(engine) == static_cast<std::int64_t>(stored); },
                           scaled(std::chrono::seconds(30))))
        << engine.log();
    const std::int64_t applied = applied_n(engine);
    EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
    return applied;
  }

  NatsServer nats_;
  TempDir work_;
  int duplicates_ = 0;
};

TEST_F(JetStreamKilledBetweenStoringAndAnswering, ARetryWithoutAKeyCountsTheStoredBodyTwice) {
  EXPECT_EQ(applied_after_a_retry(""), (bodies + 1) * per_body);
}

TEST_F(JetStreamKilledBetweenStoringAndAnswering, ARetryWithAKeyCountsEveryBodyOnce) {
  EXPECT_EQ(applied_after_a_retry("client-a"), bodies * per_body);
  EXPECT_EQ(duplicates_, 1);
  // duplicate_window_ms (default two minutes) is both the stream's window and the claims' age.
  EXPECT_EQ(stream_config(nats_, "update_model").value("duplicate_window", std::int64_t{0}), 120000000000);
  EXPECT_EQ(stream_config(nats_, "KV_event-engine-idempotency").value("max_age", std::int64_t{0}),
            120000000000);
}

TEST(JetStreamIdempotency, AKeyReusedForAnotherBodyIsRefusedAndStoresNothing) {
  NatsServer nats;
  TempDir work;
  EngineInstance engine(work.path(), "config/nats-jetstream.json",
                        nats_overrides(nats.url(), true, {"process.visualisers=[]"}));
  ASSERT_TRUE(engine.start()) << engine.log();
  RetryingClient first({engine.http_port(), 1, 500, 0, "same"}, work.path() / "first.log");
  ASSERT_EQ(first.finish(scaled(std::chrono::seconds(30))).value_or(nlohmann::json{}).value("exit_code", -1),
            0);
  // The same key for trials 501..1000: another body (500..999 would repeat 0..499's pattern).
  RetryingClient reuse({engine.http_port(), 1, 500, 501, "same"}, work.path() / "reuse.log");
  const nlohmann::json refused = reuse.finish(scaled(std::chrono::seconds(30))).value_or(nlohmann::json{});
  EXPECT_EQ(refused.value("refused", 0), 422) << refused.dump();
  EXPECT_EQ(stored_events(nats.url()), 500u);
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(JetStreamIdempotency, TwoRetryingClientsEndExactThroughANodeAndTheApiPublisherKilled) {
  constexpr std::int64_t bodies = 30;
  constexpr std::int64_t per_body = 1000;
  constexpr std::int64_t total = 2 * bodies * per_body;
  NatsCluster cluster;
  TempDir publisher_dir;
  TempDir subscriber_dir;
  TempDir clients_dir;
  EngineInstance publisher(publisher_dir.path(), "config/nats-api-publisher.json",
                           nats_overrides(cluster.urls(), false, {"broker.config.replicas=3"}));
  // The subscriber talks to node 0 only, as in nats_cluster_e2e_test: this test is about the
  // clients' retries through the publisher's kills and node 2's death, which it does not use.
  EngineInstance subscriber(subscriber_dir.path(), "config/nats-bayes-subscriber.json",
                            nats_overrides(cluster.node(0).url(), true,
                                           {"broker.config.replicas=3", "process.store.config.replicas=3",
                                            "broker.config.ignore_discovered_servers=true",
                                            "process.store.config.ignore_discovered_servers=true",
                                            "process.visualisers=[]", "process.checkpoint.every_ms=100"}));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  RetryingClient one({publisher.http_port(), bodies, per_body, 0, "one"}, clients_dir.path() / "one.log");
  RetryingClient two({publisher.http_port(), bodies, per_body, bodies * per_body, "two"},
                     clients_dir.path() / "two.log");

  std::int64_t stored = 0;
  const auto stored_when_readable = [&] {
    wait_until([&] { return (stored = stored_events_if_readable(cluster.urls())) >= 0; },
               scaled(std::chrono::seconds(30)));
    return stored;
  };
  // The publisher's own count of what it stored, cheap to poll: each fault lands while the clients
  // still have most of their bodies to send.
  const auto published_at_least = [&](double events) {
    return wait_until(
        [&] {
          return metric_value(http_get(publisher.http_port(), "/metrics").body,
                              "event_engine_events_published_total") >= events;
        },
        scaled(std::chrono::seconds(90)));
  };
  ASSERT_TRUE(published_at_least(5000));
  publisher.kill();
  EXPECT_LT(stored_when_readable(), total) << "killed while the clients had bodies left to send";
  ASSERT_TRUE(publisher.start()) << publisher.log();
  ASSERT_TRUE(published_at_least(4000));
  cluster.node(2).kill();
  ASSERT_TRUE(published_at_least(8000));
  publisher.kill();
  EXPECT_LT(stored_when_readable(), total) << "killed while the clients had bodies left to send";
  ASSERT_TRUE(publisher.start()) << publisher.log();
  cluster.node(2).start(false);

  std::int64_t retries = 0;
  for (RetryingClient* client : {&one, &two}) {
    const std::optional<nlohmann::json> sent = client->finish(scaled(std::chrono::seconds(180)));
    ASSERT_TRUE(sent.has_value());
    EXPECT_EQ(sent->value("exit_code", -1), 0) << sent->dump();
    retries += sent->value("retries", 0);
  }
  EXPECT_GE(retries, 2) << "each kill of the publisher met a client";
  EXPECT_EQ(stored_when_readable(), total);
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == total; }, scaled(std::chrono::seconds(60))))
      << subscriber.log();
  EXPECT_EQ(model_summary(subscriber).at("w"), successes_before(total));
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
