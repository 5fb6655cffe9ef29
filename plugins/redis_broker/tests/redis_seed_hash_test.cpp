// The redis store's seed hash against a real redis-server: the seed's "data" hash (posterior as a
// JSON list, w, n) picked from the checkpoint's summary by config, replaced in the checkpoint's own
// transaction, and left alone when it is not configured or the checkpoint has no summary.
#include <gtest/gtest.h>

#include "error_of.hpp"
#include "event_engine/config_error.hpp"
#include "loaded_redis_plugins.hpp"
#include "redis_server.hpp"

namespace {

using event_engine::Checkpoint;
using event_engine::testing::error_of;
using event_engine::testing::RedisServer;
using nlohmann::json;
using redis_plugin_test::load_redis_store;

// A checkpoint as the pipeline hands it to a store that wants the summary.
Checkpoint checkpoint_with_summary(std::uint64_t w, std::uint64_t n, const std::vector<double>& posterior) {
  Checkpoint checkpoint{{{"model", "binomial_grid"}, {"w", w}, {"l", n - w}}, std::to_string(n), n, 0};
  checkpoint.summary = {
      {"w", w}, {"l", n - w}, {"n", n}, {"posterior", posterior}, {"model", "binomial_grid"}};
  return checkpoint;
}

class RedisSeedHash : public testing::Test {
 protected:
  RedisServer server_;
};

TEST_F(RedisSeedHash, TheSeedsDataHashHoldsThePosteriorListWAndN) {
  const auto store = load_redis_store({{"port", server_.port()}, {"seed_key", "data"}});
  EXPECT_TRUE(store->wants_summary());
  const std::vector<double> posterior = {0.0, 0.1 + 0.2, 1.0 / 3.0, 0.7 - 1.0 / 3.0 - 0.3};
  store->save("model", checkpoint_with_summary(6, 9, posterior));
  EXPECT_EQ(server_.cli({"HGET", "data", "w"}), "6");
  EXPECT_EQ(server_.cli({"HGET", "data", "n"}), "9");
  EXPECT_EQ(json::parse(server_.cli({"HGET", "data", "posterior"})).get<std::vector<double>>(), posterior);
  EXPECT_EQ(server_.cli({"HLEN", "data"}), "3");
  // The checkpoint is there as always, and loads without the summary.
  EXPECT_EQ(store->load("model")->accepted, 9u);

  // Replaced, not merged, with the next checkpoint.
  store->save("model", checkpoint_with_summary(7, 10, {0.5, 0.5}));
  EXPECT_EQ(server_.cli({"HGET", "data", "n"}), "10");
  EXPECT_EQ(server_.cli({"HGET", "data", "posterior"}), "[0.5,0.5]");
}

TEST_F(RedisSeedHash, FieldsMapToAnyPointerOfTheSummary) {
  const auto store = load_redis_store({{"port", server_.port()},
                                       {"seed_key", "knowledge"},
                                       {"seed_fields", {{"successes", "/w"}, {"kind", "/model"}}}});
  store->save("model", checkpoint_with_summary(2, 3, {1.0}));
  EXPECT_EQ(server_.cli({"HGET", "knowledge", "successes"}), "2");
  EXPECT_EQ(server_.cli({"HGET", "knowledge", "kind"}), "binomial_grid");
  EXPECT_EQ(server_.cli({"HLEN", "knowledge"}), "2");
}

TEST_F(RedisSeedHash, APointerTheSummaryLacksFailsTheSaveAndChangesNothing) {
  const auto store = load_redis_store(
      {{"port", server_.port()}, {"seed_key", "data"}, {"seed_fields", {{"mean", "/mean"}}}});
  EXPECT_NE(error_of([&] { store->save("model", checkpoint_with_summary(2, 3, {1.0})); }).find("/mean"),
            std::string::npos);
  EXPECT_EQ(server_.cli({"EXISTS", "data"}), "0");
  EXPECT_EQ(server_.cli({"EXISTS", "event-engine:checkpoint:model"}), "0");
}

TEST_F(RedisSeedHash, WithoutSeedKeyOrSummaryThereIsNoSeedHash) {
  const auto plain = load_redis_store({{"port", server_.port()}});
  EXPECT_FALSE(plain->wants_summary());
  plain->save("model", checkpoint_with_summary(2, 3, {1.0}));
  EXPECT_EQ(server_.cli({"EXISTS", "data"}), "0");

  const auto seeded = load_redis_store({{"port", server_.port()}, {"seed_key", "data"}});
  seeded->save("model", checkpoint_with_summary(2, 3, {1.0}));
  Checkpoint no_summary = checkpoint_with_summary(5, 5, {1.0});
  no_summary.summary = nullptr;
  seeded->save("model", no_summary);
  EXPECT_EQ(server_.cli({"HGET", "data", "n"}), "3");
  EXPECT_EQ(seeded->load("model")->accepted, 5u);
}

TEST_F(RedisSeedHash, BadFieldConfigNamesItsPath) {
  const std::pair<json, std::string> bad[] = {
      {{{"seed_key", "data"}, {"seed_fields", "posterior"}}, "/process/store/config/seed_fields"},
      {{{"seed_key", "data"}, {"seed_fields", json::object()}}, "/process/store/config/seed_fields"},
      {{{"seed_key", "data"}, {"seed_fields", {{"w", 3}}}}, "/process/store/config/seed_fields/w"},
      {{{"seed_key", "data"}, {"seed_fields", {{"w", "w"}}}}, "/process/store/config/seed_fields/w"},
      {{{"seed_fields", {{"w", "/w"}}}}, "/process/store/config/seed_fields"},
  };
  for (const auto& [bad_config, path] : bad) {
    SCOPED_TRACE(bad_config.dump());
    // A named copy: clang 14 cannot capture a structured binding in a lambda.
    const nlohmann::json& config = bad_config;
    const std::string error = error_of([&] { load_redis_store(config); });
    EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
  }
}

}  // namespace
