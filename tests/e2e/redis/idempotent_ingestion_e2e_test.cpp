// Idempotency-Key over HTTP into Redis Streams: a retry with the same key stores nothing twice,
// whatever happened to the first try; a key reused for another body is refused; a broker that
// keeps no record refuses the header. The kill tests put the engine's death exactly between the
// stream storing a body and the client hearing so (the kill point published_not_answered), where a
// retry without a key counts the body twice.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "child_process.hpp"
#include "redis_services.hpp"
#include "retrying_clients.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

struct CurlReply {
  int status = 0;
  std::string body;
};

// curl, a real client, with an Idempotency-Key when `key` is not empty.
CurlReply curl(int port, const std::string& method, const std::string& path, const std::string& body,
               const std::string& key) {
  std::vector<std::string> argv = {"curl", "-s", "-X", method, "-w", "\n%{http_code}"};
  if (!key.empty()) {
    argv.push_back("-H");
    argv.push_back("Idempotency-Key: " + key);
  }
  if (method == "POST") {
    argv.push_back("-H");
    argv.push_back("Content-Type: text/plain");
    argv.push_back("--data-binary");
    argv.push_back(body);
  }
  argv.push_back("http://127.0.0.1:" + std::to_string(port) + path);
  std::string output;
  if (run_program(argv, output) != 0) return {};
  const std::size_t last_newline = output.rfind('\n');
  return {std::stoi(output.substr(last_newline + 1)), output.substr(0, last_newline)};
}

std::int64_t stream_length(const RedisServer& redis) {
  return std::stoll(redis.cli({"XLEN", "update_model"}));
}

TEST(IdempotentIngestion, ARetryWithTheSameKeyStoresNothingTwiceAndAnotherBodyIsRefused) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(work.path(), "config/redis-stream.json",
                        redis_overrides(redis, true, {"process.visualisers=[]"}));
  ASSERT_TRUE(engine.start()) << engine.log();
  const int port = engine.http_port();

  const CurlReply first = curl(port, "POST", "/events", "w\nw\nl\n", "\"order-17\"");
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_FALSE(nlohmann::json::parse(first.body).value("duplicate", false)) << first.body;
  const CurlReply retry = curl(port, "POST", "/events", "w\nw\nl\n", "\"order-17\"");
  ASSERT_EQ(retry.status, 202) << retry.body;
  EXPECT_EQ(nlohmann::json::parse(retry.body),
            nlohmann::json::parse(R"({"accepted": 3, "topic": "update_model",
                                                                         "duplicate": true})"));
  const CurlReply reused = curl(port, "POST", "/events", "l\n", "\"order-17\"");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_NE(reused.body.find("order-17"), std::string::npos) << reused.body;
  EXPECT_EQ(curl(port, "POST", "/events", "w\n", "\"\"").status, 400);
  EXPECT_EQ(curl(port, "POST", "/events", "w\n", std::string(256, 'k')).status, 400);

  // An ingestion route takes the header too: the first send is answered as without one.
  const CurlReply route = curl(port, "GET", "/update_model/w", "", "trial-1");
  EXPECT_EQ(route.status, 201) << route.body;
  const CurlReply route_again = curl(port, "GET", "/update_model/w", "", "trial-1");
  EXPECT_EQ(route_again.status, 202) << route_again.body;
  EXPECT_TRUE(nlohmann::json::parse(route_again.body).value("duplicate", false)) << route_again.body;

  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 4; }, scaled(std::chrono::seconds(20))))
      << engine.log();
  EXPECT_EQ(model_summary(engine).at("w"), 3);
  EXPECT_EQ(stream_length(redis), 4);
  const std::string metrics = http_get(port, "/metrics").body;
  EXPECT_EQ(metric_value(metrics, "event_engine_http_duplicate_requests_total"), 2);
  EXPECT_EQ(metric_value(metrics, "event_engine_http_idempotency_conflicts_total"), 1);
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(IdempotentIngestion, ABrokerThatKeepsNoRecordRefusesTheHeaderSayingWhy) {
  RedisServer redis;
  TempDir work;
  // The seed's api-publisher: Redis pub/sub, fire and forget.
  EngineInstance publisher(work.path(), "config/api-publisher.json", redis_overrides(redis, false));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  const CurlReply refused = curl(publisher.http_port(), "POST", "/events", "w\n", "\"a-1\"");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("\"redis\" broker (as configured) cannot deduplicate"), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("nothing was published"), std::string::npos) << refused.body;
  EXPECT_EQ(
      metric_value(http_get(publisher.http_port(), "/metrics").body, "event_engine_events_published_total"),
      0);
  ASSERT_EQ(publisher.stop(), std::optional<int>(0)) << publisher.log();
}

class KilledBetweenStoringAndAnswering : public ::testing::Test {
 protected:
  static constexpr std::int64_t bodies = 10;
  static constexpr std::int64_t per_body = 1000;

  // The api-publisher kills itself when its third body is stored and not yet answered; the client
  // retries until the restarted publisher answers. Returns what the subscriber applied in the end.
  std::int64_t applied_after_a_retry(const std::string& key_prefix) {
    EngineInstance subscriber(
        subscriber_dir_.path(), "config/bayes-subscriber.json",
        redis_overrides(redis_, true, {"broker.config.mode=stream", "process.visualisers=[]"}));
    EngineInstance publisher(publisher_dir_.path(), "config/api-publisher.json",
                             redis_overrides(redis_, false, {"broker.config.mode=stream"}));
    EXPECT_TRUE(subscriber.start()) << subscriber.log();
    EXPECT_TRUE(publisher.start({}, {{"EVENT_ENGINE_KILL_AT", "published_not_answered:3"}}))
        << publisher.log();
    RetryingClient client({publisher.http_port(), bodies, per_body, 0, key_prefix},
                          client_dir_.path() / "client.log");

    // The state at the kill: the third body is in the stream, and the publisher died by the point.
    EXPECT_EQ(publisher.wait(scaled(std::chrono::seconds(30))), std::optional<int>(128 + SIGKILL))
        << publisher.log();
    EXPECT_EQ(stream_length(redis_), 3 * per_body);
    EXPECT_TRUE(publisher.start()) << publisher.log();

    const std::optional<nlohmann::json> sent = client.finish(scaled(std::chrono::seconds(60)));
    EXPECT_TRUE(sent.has_value());
    if (!sent) return -1;
    EXPECT_EQ(sent->value("exit_code", -1), 0) << sent->dump();
    EXPECT_GE(sent->value("lost_answers", 0), 1) << sent->dump();
    duplicates_ = sent->value("duplicates", 0);
    EXPECT_TRUE(wait_until([&] { return stream_settled(redis_); }, scaled(std::chrono::seconds(30))))
        << subscriber.log();
    const std::int64_t applied = applied_n(subscriber);
    EXPECT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
    EXPECT_EQ(publisher.stop(), std::optional<int>(0)) << publisher.log();
    return applied;
  }

  RedisServer redis_;
  TempDir publisher_dir_;
  TempDir subscriber_dir_;
  TempDir client_dir_;
  int duplicates_ = 0;
};

TEST_F(KilledBetweenStoringAndAnswering, ARetryWithoutAKeyCountsTheStoredBodyTwice) {
  EXPECT_EQ(applied_after_a_retry(""), (bodies + 1) * per_body);
  EXPECT_EQ(stream_length(redis_), (bodies + 1) * per_body);
}

TEST_F(KilledBetweenStoringAndAnswering, ARetryWithAKeyCountsEveryBodyOnce) {
  EXPECT_EQ(applied_after_a_retry("client-a"), bodies * per_body);
  EXPECT_EQ(stream_length(redis_), bodies * per_body);
  EXPECT_EQ(duplicates_, 1);
}

// `event-engine publish --file` dies (the kill point publish_batch_stored) after its second batch
// of 10,000; run again with the same --idempotency-key it stores only the rest.
TEST(IdempotentIngestion, PublishFileRunAgainWithTheSameKeyStoresOnlyWhatTheKilledRunDidNot) {
  RedisServer redis;
  TempDir work;
  EngineInstance publisher(work.path(), "config/api-publisher.json",
                           redis_overrides(redis, false, {"broker.config.mode=stream"}));
  const std::filesystem::path events = work.path() / "events.txt";
  {
    std::ofstream out(events);
    for (std::int64_t i = 0; i < 35000; ++i) out << trial(i) << "\n";
  }
  const auto publish = [&](const std::string& kill_at, const std::string& key, std::string& output) {
    std::vector<std::string> argv = {"env", "EVENT_ENGINE_KILL_AT=" + kill_at};
    for (const std::string& argument : publisher.command("publish")) argv.push_back(argument);
    argv.insert(argv.end(), {"--file", events.string()});
    if (!key.empty()) argv.insert(argv.end(), {"--idempotency-key", key});
    return run_program(argv, output);
  };
  std::string output;
  EXPECT_EQ(publish("publish_batch_stored:2", "import-7", output), 128 + SIGKILL) << output;
  EXPECT_EQ(stream_length(redis), 20000);  // the state at the kill
  EXPECT_EQ(publish("", "import-7", output), 0) << output;
  EXPECT_NE(output.find("published 15000 events"), std::string::npos) << output;
  EXPECT_NE(output.find("20000 events were stored by an earlier run with --idempotency-key import-7"),
            std::string::npos)
      << output;
  EXPECT_EQ(stream_length(redis), 35000);
  // Without a key the same rerun stores the file again.
  EXPECT_EQ(publish("", "", output), 0) << output;
  EXPECT_EQ(stream_length(redis), 70000);
}

// Two clients keep sending while the api-publisher is SIGKILLed from outside three times, at
// whatever moment each kill lands (mid-request, between requests, mid-pipeline of XADDs).
TEST(IdempotentIngestion, TwoRetryingClientsWithKeysEndExactThroughRepeatedKillsOfTheApiPublisher) {
  // Twice the events of the last kill's threshold, so that every kill lands while both clients
  // still have bodies to send, however fast the machine.
  constexpr std::int64_t bodies = 60;
  constexpr std::int64_t per_body = 1000;
  RedisServer redis;
  TempDir publisher_dir;
  TempDir subscriber_dir;
  TempDir clients_dir;
  EngineInstance subscriber(
      subscriber_dir.path(), "config/bayes-subscriber.json",
      redis_overrides(redis, true, {"broker.config.mode=stream", "process.visualisers=[]"}));
  EngineInstance publisher(publisher_dir.path(), "config/api-publisher.json",
                           redis_overrides(redis, false, {"broker.config.mode=stream"}));
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  ASSERT_TRUE(publisher.start()) << publisher.log();
  RetryingClient one({publisher.http_port(), bodies, per_body, 0, "one"}, clients_dir.path() / "one.log");
  RetryingClient two({publisher.http_port(), bodies, per_body, bodies * per_body, "two"},
                     clients_dir.path() / "two.log");

  for (const std::int64_t stored : {10000, 25000, 40000}) {
    ASSERT_TRUE(wait_until([&] { return stream_length(redis) >= stored; }, scaled(std::chrono::seconds(60))))
        << publisher.log();
    publisher.kill();
    // The kill landed mid-stream: the clients had more to send.
    EXPECT_LT(stream_length(redis), 2 * bodies * per_body);
    ASSERT_TRUE(publisher.start()) << publisher.log();
  }
  std::int64_t retries = 0;
  for (RetryingClient* client : {&one, &two}) {
    const std::optional<nlohmann::json> sent = client->finish(scaled(std::chrono::seconds(120)));
    ASSERT_TRUE(sent.has_value());
    EXPECT_EQ(sent->value("exit_code", -1), 0) << sent->dump();
    retries += sent->value("retries", 0);
  }
  EXPECT_GE(retries, 3) << "every kill met a client";
  ASSERT_TRUE(wait_until([&] { return stream_settled(redis); }, scaled(std::chrono::seconds(30))))
      << subscriber.log();
  const nlohmann::json summary = model_summary(subscriber);
  EXPECT_EQ(summary.at("n"), 2 * bodies * per_body) << subscriber.log();
  EXPECT_EQ(summary.at("w"), successes_before(2 * bodies * per_body));
  EXPECT_EQ(stream_length(redis), 2 * bodies * per_body);
  ASSERT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
