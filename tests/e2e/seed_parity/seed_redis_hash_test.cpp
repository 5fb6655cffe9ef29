// The seed's Redis layout from the shipped services: after the seed's nine trials through
// api-publisher, bayes-subscriber has written the hash "data" the seed's notebook reads, with the
// same posterior as its /model.
#include <gtest/gtest.h>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

TEST(SeedRedisHash, AfterTheNineTrialsDataHoldsWNAndTheModelsPosterior) {
  RedisServer redis;
  TempDir subscriber_dir;
  TempDir publisher_dir;
  EngineInstance subscriber(subscriber_dir.path(), "config/bayes-subscriber.json",
                            redis_overrides(redis, true));
  EngineInstance publisher(publisher_dir.path(), "config/api-publisher.json", redis_overrides(redis, false));
  ASSERT_TRUE(subscriber.start()) << subscriber.log();
  // Pub/sub delivers only to a connected subscriber: publish once Redis counts it.
  ASSERT_TRUE(wait_until([&] {
    return redis.cli({"PUBSUB", "NUMSUB", "update_model"}) == "update_model\n1";
  }));
  ASSERT_TRUE(publisher.start()) << publisher.log();
  for (const char* trial : {"w", "l", "w", "w", "w", "l", "w", "l", "w"}) {
    ASSERT_EQ(http_get(publisher.http_port(), std::string("/update_model/") + trial).status, 201);
  }
  ASSERT_TRUE(wait_until([&] { return applied_n(subscriber) == 9; })) << subscriber.log();
  // Written with the next checkpoint (every second by the shipped config).
  ASSERT_TRUE(wait_until([&] { return redis.cli({"HGET", "data", "n"}) == "9"; })) << subscriber.log();

  EXPECT_EQ(redis.cli({"HGET", "data", "w"}), "6");
  const nlohmann::json summary = nlohmann::json::parse(http_get(subscriber.http_port(), "/model").body);
  const auto stored =
      nlohmann::json::parse(redis.cli({"HGET", "data", "posterior"})).get<std::vector<double>>();
  EXPECT_EQ(stored, summary.at("posterior").get<std::vector<double>>());
  EXPECT_EQ(stored.size(), 120u);
  // redis-cli HGETALL data shows the seed's three fields and nothing else.
  EXPECT_EQ(redis.cli({"HLEN", "data"}), "3");
  const std::string all = redis.cli({"HGETALL", "data"});
  for (const char* field : {"posterior\n", "w\n6", "n\n9"})
    EXPECT_NE(all.find(field), std::string::npos) << all;

  EXPECT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
  EXPECT_EQ(publisher.stop(), std::optional<int>(0)) << publisher.log();

  // --reset-state saves the prior at start, and the seed's hash follows it at once.
  ASSERT_TRUE(subscriber.start({"--reset-state"})) << subscriber.log();
  EXPECT_EQ(redis.cli({"HGET", "data", "n"}), "0");
  EXPECT_EQ(redis.cli({"HGET", "data", "w"}), "0");
  EXPECT_EQ(subscriber.stop(), std::optional<int>(0)) << subscriber.log();
}

}  // namespace
}  // namespace event_engine::testing
