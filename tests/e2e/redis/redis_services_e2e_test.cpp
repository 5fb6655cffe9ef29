// The seed's two services over Redis pub/sub, as a user runs them: api-publisher takes trials over
// HTTP and publishes them on channel update_model; bayes-subscriber applies them, keeps the model's
// knowledge in a Redis hash and serves /model, plots and metrics on its own port. Also the one-process
// config/redis.json, and the shipped Redis configs and compose file checked without a server.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "child_process.hpp"
#include "redis_services.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RedisPubSubServices : public ::testing::Test {
 protected:
  RedisServer redis_;
  TempDir subscriber_dir_;
  TempDir publisher_dir_;
  EngineInstance subscriber_{subscriber_dir_.path(), "config/bayes-subscriber.json",
                             redis_overrides(redis_, true)};
  EngineInstance publisher_{publisher_dir_.path(), "config/api-publisher.json",
                            redis_overrides(redis_, false)};

  // Pub/sub delivers only to a connected subscriber: start publishing once Redis counts it.
  void start_both() {
    ASSERT_TRUE(subscriber_.start()) << subscriber_.log();
    ASSERT_TRUE(wait_until([&] {
      return redis_.cli({"PUBSUB", "NUMSUB", "update_model"}) == "update_model\n1";
    }));
    ASSERT_TRUE(wait_for_status(subscriber_.http_port(), "/readyz", 200)) << subscriber_.log();
    ASSERT_TRUE(publisher_.start()) << publisher_.log();
    ASSERT_TRUE(wait_for_status(publisher_.http_port(), "/readyz", 200)) << publisher_.log();
  }

  bool wait_for_n(std::int64_t n) {
    return wait_until([&] { return applied_n(subscriber_) == n; });
  }
};

TEST_F(RedisPubSubServices, TrialsOverHttpAndRedisCliPublishUpdateTheSubscribersModel) {
  start_both();
  for (int i = 0; i < 6; ++i) {
    const HttpReply reply = http_get(publisher_.http_port(), "/update_model/w");
    ASSERT_EQ(reply.status, 201);
    ASSERT_EQ(reply.body, "Model updated");
  }
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http_get(publisher_.http_port(), "/update_model/l").status, 201);
  EXPECT_EQ(http_get(publisher_.http_port(), "/update_model/x").status, 404);
  ASSERT_TRUE(wait_for_n(9)) << model_summary(subscriber_).dump() << subscriber_.log();
  nlohmann::json summary = model_summary(subscriber_);
  EXPECT_EQ(summary.at("w"), 6);
  EXPECT_EQ(summary.at("l"), 3);

  // The seed's way in, unchanged.
  EXPECT_EQ(redis_.cli({"PUBLISH", "update_model", "w"}), "1");
  ASSERT_TRUE(wait_for_n(10));
  EXPECT_EQ(model_summary(subscriber_).at("w"), 7);

  // A bad payload is rejected, counted and dead-lettered; the model does not move.
  redis_.cli({"PUBLISH", "update_model", "banana"});
  ASSERT_TRUE(wait_until([&] {
    return metric_value(http_get(subscriber_.http_port(), "/metrics").body,
                        "event_engine_events_rejected_total") == 1;
  }));
  summary = model_summary(subscriber_);
  EXPECT_EQ(summary.at("n"), 10);
  EXPECT_EQ(summary.at("w"), 7);
  const std::filesystem::path dead_letters = subscriber_dir_ / "state" / "dead-letter.jsonl";
  ASSERT_TRUE(wait_until([&] { return read_file(dead_letters).find('\n') != std::string::npos; }));
  EXPECT_EQ(nlohmann::json::parse(read_file(dead_letters)).at("payload"), "banana");

  // The subscriber's own port: the model's services, no ingestion.
  const int port = subscriber_.http_port();
  EXPECT_EQ(http_get(port, "/update_model/w").status, 404);
  EXPECT_EQ(http_get(port, "/healthz").status, 200);
  EXPECT_EQ(http_get(port, "/").status, 200);
  const HttpReply plot = http_get(port, "/plot.png");
  EXPECT_EQ(plot.status, 200);
  EXPECT_EQ(plot.content_type, "image/png");
  const std::string metrics = http_get(port, "/metrics").body;
  EXPECT_EQ(metric_value(metrics, "event_engine_redis_events_received_total"), 11) << metrics;
  EXPECT_EQ(metric_value(http_get(publisher_.http_port(), "/metrics").body,
                         "event_engine_redis_events_published_total"),
            9);

  // The model's knowledge in Redis, readable with redis-cli.
  ASSERT_TRUE(wait_until([&] { return redis_.cli({"HGET", "event-engine:checkpoint:model", "n"}) == "10"; }));
  EXPECT_EQ(redis_.cli({"HGET", "event-engine:checkpoint:model", "w"}), "7");
  EXPECT_EQ(redis_.cli({"HGET", "event-engine:checkpoint:model", "l"}), "3");
  EXPECT_EQ(subscriber_.stop(), std::optional<int>(0)) << subscriber_.log();
  EXPECT_EQ(publisher_.stop(), std::optional<int>(0)) << publisher_.log();
}

TEST_F(RedisPubSubServices, WhatIsPublishedWhileTheSubscriberIsAwayIsCountedAsLost) {
  ASSERT_TRUE(publisher_.start()) << publisher_.log();
  for (int i = 0; i < 4; ++i) ASSERT_EQ(http_get(publisher_.http_port(), "/update_model/w").status, 201);
  const std::string metrics = http_get(publisher_.http_port(), "/metrics").body;
  EXPECT_EQ(metric_value(metrics, "event_engine_redis_published_unheard_total"), 4) << metrics;
}

TEST(RedisOneProcess, RedisJsonKeepsTheModelInRedisAcrossRestarts) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(work.path(), "config/redis.json", redis_overrides(redis, true));
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_for_status(engine.http_port(), "/readyz", 200)) << engine.log();
  for (const char* trial : {"w", "w", "w", "l"}) {
    ASSERT_EQ(http_get(engine.http_port(), std::string("/update_model/") + trial).status, 201);
  }
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 4; })) << engine.log();
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  EXPECT_EQ(redis.cli({"HGET", "event-engine:checkpoint:model", "n"}), "4");
  EXPECT_TRUE(std::filesystem::exists(work / "graphs" / "n_4_w_3.png"));

  ASSERT_TRUE(engine.start()) << engine.log();
  EXPECT_EQ(model_summary(engine).at("w"), 3);
  EXPECT_EQ(model_summary(engine).at("n"), 4);
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(RedisPublishCommand, PublishesToRedisAndFailsClearlyWithoutIt) {
  RedisServer redis;
  TempDir work;
  const EngineInstance publisher(work.path(), "config/api-publisher.json", redis_overrides(redis, false));
  std::vector<std::string> publish = publisher.command("publish");
  publish.insert(publish.end(), {"--set", "broker.config.mode=stream", "w", "l", "w"});
  std::string output;
  ASSERT_EQ(run_program(publish, output), 0) << output;
  EXPECT_EQ(redis.cli({"XLEN", "update_model"}), "3");

  redis.stop();
  publish = publisher.command("publish");
  publish.push_back("w");
  EXPECT_EQ(run_program(publish, output), 1) << output;
  EXPECT_NE(output.find("cannot connect"), std::string::npos) << output;
}

TEST(RedisShippedConfigs, ValidateWithoutAServer) {
  for (const char* config : {"config/redis.json", "config/redis-stream.json", "config/api-publisher.json",
                             "config/bayes-subscriber.json"}) {
    TempDir work;
    const EngineInstance engine(work.path(), config, {});
    std::string output;
    EXPECT_EQ(run_program(engine.command("validate"), output), 0) << config << ": " << output;
  }
}

TEST(RedisShippedConfigs, ComposeFileIsValid) {
  std::string output;
  if (run_program({"sh", "-c", "command -v docker-compose"}, output) != 0) {
    GTEST_SKIP() << "docker-compose is not installed (scripts/install-deps.sh installs it)";
  }
  const std::filesystem::path compose =
      std::filesystem::path(test_paths::source_dir) / "docker" / "compose.yaml";
  ASSERT_EQ(run_program({"docker-compose", "-f", compose.string(), "config", "-q"}, output), 0) << output;
  ASSERT_EQ(run_program({"docker-compose", "-f", compose.string(), "config", "--services"}, output), 0)
      << output;
  for (const char* service : {"redis", "api-publisher", "bayes-subscriber"}) {
    EXPECT_NE(output.find(service), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace event_engine::testing
