// The nats_kv store against a real nats-server: round trips, compare-and-set between two engines
// that use one key by mistake, the key listing of API version 3, an outage, a start before the server, and
// credentials that come from the environment and never reach the log.
#include <gtest/gtest.h>

#include <nats/nats.h>

#include <chrono>

#include <stdlib.h>

#include "error_of.hpp"
#include "loaded_nats_plugins.hpp"
#include "nats_server.hpp"

namespace {

using event_engine::Checkpoint;
using event_engine::testing::error_of;
using event_engine::testing::NatsServer;
using event_engine::testing::NatsServerOptions;
using nats_plugin_test::load_nats_store;
using nlohmann::json;

Checkpoint checkpoint(std::uint64_t w, std::uint64_t l, const std::string& position) {
  return Checkpoint{
      {{"model", "binomial_grid"}, {"w", w}, {"l", l}, {"log_posterior", {-1.0 / 3.0, 0.1 + 0.2}}},
      position,
      w + l,
      1};
}

class NatsStoreTest : public testing::Test {
 protected:
  NatsServer server_;
  nats_plugin_test::Loaded<event_engine::Store> store_ = load_nats_store({{"servers", server_.url()}});
};

TEST_F(NatsStoreTest, SaveThenLoadIsExact) {
  EXPECT_EQ(store_->load("model"), std::nullopt);
  const Checkpoint saved = checkpoint(6, 3, "17:4");
  store_->save("model", saved);
  store_->save("model", checkpoint(7, 3, "18"));
  const auto loaded = load_nats_store({{"servers", server_.url()}})->load("model");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->model["w"], 7);
  EXPECT_EQ(loaded->model["log_posterior"][1].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(loaded->position, "18");
  EXPECT_EQ(loaded->accepted, 10u);
  EXPECT_EQ(loaded->rejected, 1u);
  EXPECT_TRUE(store_->reachable());
}

// A group's view shows how old each member's checkpoint is: the bucket's time of the write.
TEST_F(NatsStoreTest, ALoadedCheckpointSaysWhenItWasSaved) {
  const auto unix_ms = [] {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  };
  const std::uint64_t before = unix_ms();
  store_->save("model", checkpoint(1, 0, "1"));
  const std::uint64_t after = unix_ms();
  const auto loaded = store_->load("model");
  ASSERT_TRUE(loaded.has_value());
  // The server and the test read the same clock; a millisecond either side for rounding.
  EXPECT_GE(loaded->saved_at_unix_ms + 1, before);
  EXPECT_LE(loaded->saved_at_unix_ms, after + 1);
}

// Whoever holds the bucket's credentials can write any value under a checkpoint's key: 100,000
// nested arrays are refused with the reason, not parsed into a stack overflow.
TEST_F(NatsStoreTest, ADeeplyNestedValueInTheBucketIsRefusedNotParsed) {
  store_->save("model", checkpoint(1, 0, "1"));  // the bucket exists
  natsConnection* connection = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&connection, server_.url().c_str()), NATS_OK);
  jsCtx* js = nullptr;
  ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
  kvStore* bucket = nullptr;
  ASSERT_EQ(js_KeyValue(&bucket, js, "event-engine"), NATS_OK);
  const std::string hostile = std::string(100000, '[') + std::string(100000, ']');
  uint64_t revision = 0;
  EXPECT_EQ(kvStore_PutString(&revision, bucket, "checkpoint.hostile", hostile.c_str()), NATS_OK);
  kvStore_Destroy(bucket);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  const std::string refused = error_of([&] { store_->load("hostile"); });
  EXPECT_NE(refused.find("nested deeper than"), std::string::npos) << refused;
  EXPECT_EQ(store_->load("model")->position, "1") << "the other checkpoints stay readable";
}

TEST_F(NatsStoreTest, TwoEnginesWritingOneKeyAreDetectedNotInterleaved) {
  auto other = load_nats_store({{"servers", server_.url()}});
  EXPECT_EQ(store_->load("model"), std::nullopt);
  EXPECT_EQ(other->load("model"), std::nullopt);
  store_->save("model", checkpoint(1, 0, "1"));
  const std::string refused = error_of([&] { other->save("model", checkpoint(0, 1, "9")); });
  EXPECT_NE(refused.find("written by someone else"), std::string::npos) << refused;
  EXPECT_NE(refused.find("checkpoint.model"), std::string::npos) << refused;
  store_->save("model", checkpoint(2, 0, "2"));  // the first engine goes on
  EXPECT_NE(error_of([&] { other->save("model", checkpoint(0, 2, "10")); }).find("written by someone else"),
            std::string::npos);
  EXPECT_EQ(store_->load("model")->position, "2");
}

TEST_F(NatsStoreTest, KeysListsTheGroupsMembersAndRemoveForgetsOne) {
  store_->save("bayes-2", checkpoint(1, 0, "1"));
  store_->save("bayes-1", checkpoint(1, 0, "1"));
  store_->save("other", checkpoint(1, 0, "1"));
  EXPECT_EQ(store_->keys("bayes-"), (std::vector<std::string>{"bayes-1", "bayes-2"}));
  EXPECT_TRUE(store_->remove("bayes-1"));
  EXPECT_FALSE(store_->remove("bayes-1"));
  EXPECT_EQ(store_->keys(""), (std::vector<std::string>{"bayes-2", "other"}));
  EXPECT_EQ(store_->load("bayes-1"), std::nullopt);
  store_->save("bayes-1", checkpoint(3, 0, "5"));  // a removed key can be written again
  EXPECT_EQ(store_->load("bayes-1")->position, "5");
}

// A keyed checkpoint grows with its keys; one above the server's max_payload (1 MiB by default) is
// refused with the limit and what to do, and the stored one stays as it was.
TEST_F(NatsStoreTest, ACheckpointAboveTheServersMaxPayloadIsRefusedNamingTheLimit) {
  Checkpoint fits = checkpoint(1, 0, "1");
  fits.model["keys"] = std::string(900 * 1024, 'k');
  store_->save("keyed", fits);
  Checkpoint too_large = checkpoint(2, 0, "2");
  too_large.model["keys"] = std::string(1100 * 1024, 'k');
  const std::string refused = error_of([&] { store_->save("keyed", too_large); });
  EXPECT_NE(refused.find("more than the NATS server's max_payload (1048576 bytes)"), std::string::npos)
      << refused;
  EXPECT_NE(refused.find("raise max_payload"), std::string::npos) << refused;
  const auto loaded = load_nats_store({{"servers", server_.url()}})->load("keyed");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->position, "1");
}

TEST_F(NatsStoreTest, AKeyTheBucketCannotHoldIsRefusedByName) {
  EXPECT_NE(error_of([&] { store_->save("has space", checkpoint(1, 0, "1")); }).find("'has space'"),
            std::string::npos);
}

TEST_F(NatsStoreTest, UnreachableWhileTheServerIsDownThenBack) {
  store_->save("model", checkpoint(1, 0, "1"));
  server_.kill();
  EXPECT_TRUE(nats_plugin_test::eventually([&] { return !store_->reachable(); }));
  EXPECT_NE(error_of([&] { store_->save("model", checkpoint(2, 0, "2")); }), "no exception");
  // Caught by its type across the library boundary: what a starting engine waits out.
  EXPECT_THROW(store_->load("model"), event_engine::TransientError);
  server_.start();
  EXPECT_TRUE(nats_plugin_test::eventually([&] { return store_->reachable(); }, std::chrono::seconds(20)));
  EXPECT_TRUE(nats_plugin_test::eventually(
      [&] { return error_of([&] { store_->save("model", checkpoint(2, 0, "2")); }) == "no exception"; }));
  EXPECT_EQ(store_->load("model")->position, "2");
}

// An engine may start before NATS: its first connection attempt finds no server, and the store
// connects in the background once one is up (the path apart from a server that refuses it).
TEST_F(NatsStoreTest, UsedBeforeTheServerIsUpItConnectsOnceTheServerStarts) {
  server_.kill();
  auto early = load_nats_store({{"servers", server_.url()}});
  EXPECT_FALSE(early->reachable());
  EXPECT_NE(early.log_text().find("no server answers yet; retrying in the background"), std::string::npos)
      << early.log_text();
  server_.start();
  EXPECT_TRUE(nats_plugin_test::eventually([&] { return early->reachable(); }, std::chrono::seconds(20)));
  EXPECT_TRUE(nats_plugin_test::eventually(
      [&] { return error_of([&] { early->save("model", checkpoint(1, 0, "1")); }) == "no exception"; }));
  EXPECT_EQ(early->load("model")->position, "1");
}

TEST(NatsStoreCredentials, PasswordFromTheEnvironmentNeverLogged) {
  NatsServer server(NatsServerOptions{.server_name = "auth",
                                      .cluster_port = 0,
                                      .routes = {},
                                      .extra_arguments = {"--user", "engine", "--pass", "s3cret-Pa55"}});
  setenv("NATS_TEST_USER", "engine", 1);
  setenv("NATS_TEST_PASSWORD", "s3cret-Pa55", 1);
  auto store = load_nats_store(
      {{"servers", server.url()}, {"user_env", "NATS_TEST_USER"}, {"password_env", "NATS_TEST_PASSWORD"}});
  store->save("model", checkpoint(1, 1, "3"));
  EXPECT_EQ(store->load("model")->position, "3");

  setenv("NATS_TEST_PASSWORD", "wrong", 1);
  auto refused = load_nats_store(
      {{"servers", server.url()}, {"user_env", "NATS_TEST_USER"}, {"password_env", "NATS_TEST_PASSWORD"}});
  EXPECT_FALSE(refused->reachable());
  EXPECT_EQ(store.log_text().find("s3cret"), std::string::npos) << store.log_text();
  EXPECT_EQ(refused.log_text().find("wrong"), std::string::npos) << refused.log_text();

  unsetenv("NATS_TEST_PASSWORD");
  auto unset = load_nats_store(
      {{"servers", server.url()}, {"user_env", "NATS_TEST_USER"}, {"password_env", "NATS_TEST_PASSWORD"}});
  EXPECT_NE(error_of([&] { unset->load("model"); }).find("NATS_TEST_PASSWORD is not set"), std::string::npos);
}

}  // namespace
