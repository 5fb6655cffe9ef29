// The redis store against a real redis-server: round trips, what redis-cli shows, atomic
// replacement under a concurrent reader, corrupt hashes, outages, AUTH, databases, unix sockets.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <atomic>
#include <thread>

#include "error_of.hpp"
#include "loaded_redis_plugins.hpp"
#include "redis_server.hpp"
#include "temp_dir.hpp"

namespace {

using event_engine::Checkpoint;
using event_engine::testing::error_of;
using event_engine::testing::RedisServer;
using event_engine::testing::RedisServerOptions;
using nlohmann::json;
using redis_plugin_test::eventually;
using redis_plugin_test::load_redis_store;

Checkpoint binomial_checkpoint(std::uint64_t w, std::uint64_t l, const std::string& position) {
  return Checkpoint{{{"model", "binomial_grid"},
                     {"format", 1},
                     {"w", w},
                     {"l", l},
                     {"log_posterior", {nullptr, -1.0 / 3.0, 0.1 + 0.2, -1e-300}}},
                    position,
                    w + l,
                    1,
                    0};
}

class RedisStoreTest : public testing::Test {
 protected:
  RedisServer server_;
  redis_plugin_test::Loaded<event_engine::Store> store_ = load_redis_store({{"port", server_.port()}});
};

TEST_F(RedisStoreTest, NothingStoredYet) {
  EXPECT_TRUE(store_->reachable());
  EXPECT_EQ(store_->load("model"), std::nullopt);
}

TEST_F(RedisStoreTest, SaveThenLoadIsExact) {
  const Checkpoint saved = binomial_checkpoint(6, 3, "1700000000000-7");
  store_->save("model", saved);
  const std::optional<Checkpoint> loaded = store_->load("model");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->model, saved.model);
  EXPECT_EQ(loaded->model["log_posterior"][2].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(loaded->position, "1700000000000-7");
  EXPECT_EQ(loaded->accepted, 9u);
  EXPECT_EQ(loaded->rejected, 1u);
  const auto now_ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count());
  EXPECT_LE(loaded->saved_at_unix_ms, now_ms) << "saved_at read back: when the store saved it";
  EXPECT_GT(loaded->saved_at_unix_ms, now_ms - 60000);
  // Another key is another checkpoint.
  EXPECT_EQ(store_->load("other"), std::nullopt);
}

TEST_F(RedisStoreTest, RedisCliShowsWLAndNAsPlainFields) {
  store_->save("model", binomial_checkpoint(6, 3, "9"));
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "w"}), "6");
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "l"}), "3");
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "n"}), "9");
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "position"}), "9");
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "model"}), "binomial_grid");
  const std::string all = server_.cli({"HGETALL", "event-engine:checkpoint:model"});
  EXPECT_NE(all.find("snapshot"), std::string::npos) << all;
  EXPECT_NE(all.find("saved_at"), std::string::npos) << all;
}

// A keyed checkpoint's keys are one long string: kept in the snapshot, not copied to a field of
// their own. One above the bound load() keeps is refused when saved, and the stored one stays.
TEST_F(RedisStoreTest, ALargeCheckpointIsKeptOnceAndOneAboveTheBoundIsRefused) {
  Checkpoint keyed = binomial_checkpoint(1, 0, "1");
  keyed.model["keys"] = std::string(100000, 'k');
  store_->save("keyed", keyed);
  EXPECT_EQ(server_.cli({"HEXISTS", "event-engine:checkpoint:keyed", "keys"}), "0");
  EXPECT_EQ(store_->load("keyed")->model, keyed.model);

  Checkpoint huge = binomial_checkpoint(2, 0, "2");
  huge.model["keys"] = std::string(256 * 1024 * 1024, 'k');  // the bound, checkpoint_hash.hpp
  const std::string error = event_engine::testing::error_of([&] { store_->save("keyed", huge); });
  EXPECT_NE(error.find("a checkpoint hash's snapshot field may hold"), std::string::npos)
      << error.substr(0, 300);
  EXPECT_EQ(store_->load("keyed")->position, "1");
}

TEST_F(RedisStoreTest, KeyPrefixNamesTheHash) {
  const auto store = load_redis_store({{"port", server_.port()}, {"key_prefix", "bayes:"}});
  store->save("subscriber-1", binomial_checkpoint(1, 0, "1"));
  EXPECT_EQ(server_.cli({"HGET", "bayes:subscriber-1", "w"}), "1");
}

TEST_F(RedisStoreTest, ASaveReplacesTheWholeHash) {
  Checkpoint first = binomial_checkpoint(1, 1, "2");
  first.model["only_in_the_first"] = 5;
  store_->save("model", first);
  store_->save("model", binomial_checkpoint(2, 2, "4"));
  EXPECT_EQ(server_.cli({"HEXISTS", "event-engine:checkpoint:model", "only_in_the_first"}), "0");
  EXPECT_EQ(store_->load("model")->model, binomial_checkpoint(2, 2, "4").model);
}

TEST_F(RedisStoreTest, KeysListsTheCheckpointHashesWithThePrefixSortedBySCAN) {
  EXPECT_TRUE(store_->keys("").empty());
  for (const char* key : {"bayes-2", "bayes-1", "other"}) store_->save(key, binomial_checkpoint(1, 1, "1"));
  // Not checkpoints of this store: another prefix, a string key under the prefix, and glob
  // characters in a key, which must match themselves only.
  server_.cli({"HSET", "elsewhere:bayes-3", "n", "1"});
  server_.cli({"SET", "event-engine:checkpoint:bayes-4", "not a hash"});
  store_->save("b*", binomial_checkpoint(1, 0, "1"));
  // Enough keys that SCAN takes several pages of COUNT 1000 to walk them.
  server_.cli({"EVAL", "for i = 1, 2500 do redis.call('SET', 'filler:' .. i, 'x') end", "0"});
  EXPECT_EQ(store_->keys("bayes-"), (std::vector<std::string>{"bayes-1", "bayes-2"}));
  EXPECT_EQ(store_->keys("b*"), (std::vector<std::string>{"b*"}));
  EXPECT_EQ(store_->keys(""), (std::vector<std::string>{"b*", "bayes-1", "bayes-2", "other"}));
  EXPECT_TRUE(store_->keys("nothing").empty());
}

TEST_F(RedisStoreTest, RemoveDeletesOneCheckpointAndSaysWhetherItWasThere) {
  store_->save("bayes-1", binomial_checkpoint(1, 1, "1"));
  store_->save("bayes-2", binomial_checkpoint(2, 1, "2"));
  EXPECT_TRUE(store_->remove("bayes-1"));
  EXPECT_EQ(store_->load("bayes-1"), std::nullopt);
  EXPECT_EQ(server_.cli({"EXISTS", "event-engine:checkpoint:bayes-1"}), "0");
  EXPECT_FALSE(store_->remove("bayes-1"));
  EXPECT_EQ(store_->keys("bayes-"), (std::vector<std::string>{"bayes-2"}));
  server_.stop();
  EXPECT_NE(error_of([&] { store_->remove("bayes-2"); }).find("cannot remove checkpoint"), std::string::npos);
  EXPECT_NE(error_of([&] { store_->keys(""); }).find("cannot list checkpoints"), std::string::npos);
}

// A reader polling while the writer saves must only ever see whole checkpoints: its snapshot, its
// position and its counts from one save.
TEST_F(RedisStoreTest, AReaderNeverSeesHalfASave) {
  std::atomic<bool> writing{true};
  std::atomic<int> loads{0};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    const auto store = load_redis_store({{"port", server_.port()}});
    while (writing.load()) {
      if (const std::optional<Checkpoint> seen = store->load("model")) {
        const auto w = seen->model["w"].get<std::uint64_t>();
        if (seen->model["l"] != w || seen->position != std::to_string(w) || seen->accepted != 2 * w) ++torn;
        ++loads;
      }
    }
  });
  for (std::uint64_t i = 1; i <= 2000; ++i)
    store_->save("model", binomial_checkpoint(i, i, std::to_string(i)));
  EXPECT_TRUE(eventually([&] { return loads.load() > 100; }));
  writing = false;
  reader.join();
  EXPECT_EQ(torn.load(), 0) << "of " << loads.load() << " loads";
  EXPECT_EQ(store_->load("model")->position, "2000");
}

TEST_F(RedisStoreTest, ACorruptHashIsAClearErrorAndIsLeftAlone) {
  store_->save("model", binomial_checkpoint(6, 3, "9"));
  server_.cli({"HSET", "event-engine:checkpoint:model", "snapshot", "{not json"});
  std::string error = error_of([&] { store_->load("model"); });
  EXPECT_NE(error.find("checkpoint hash event-engine:checkpoint:model"), std::string::npos) << error;
  EXPECT_NE(error.find("is corrupt"), std::string::npos) << error;
  EXPECT_NE(error.find("\"snapshot\" is not JSON"), std::string::npos) << error;
  EXPECT_EQ(server_.cli({"HGET", "event-engine:checkpoint:model", "snapshot"}), "{not json");

  server_.cli({"HDEL", "event-engine:checkpoint:model", "position"});
  error = error_of([&] { store_->load("model"); });
  EXPECT_NE(error.find("\"position\" is missing"), std::string::npos) << error;

  server_.cli({"SET", "event-engine:checkpoint:text", "hello"});
  error = error_of([&] { store_->load("text"); });
  EXPECT_NE(error.find("WRONGTYPE"), std::string::npos) << error;

  server_.cli({"HSET", "event-engine:checkpoint:stranger", "colour", "blue"});
  error = error_of([&] { store_->load("stranger"); });
  EXPECT_NE(error.find("\"format_version\" is missing"), std::string::npos) << error;
}

TEST_F(RedisStoreTest, AnOutageFailsSavesThenTheStoreReconnects) {
  store_->save("model", binomial_checkpoint(1, 0, "1"));
  server_.stop();
  EXPECT_NE(
      error_of([&] { store_->save("model", binomial_checkpoint(2, 0, "2")); }).find("cannot save checkpoint"),
      std::string::npos);
  EXPECT_TRUE(eventually([&] { return !store_->reachable(); }));
  // Caught by its type across the library boundary: what a starting engine waits out.
  EXPECT_THROW(store_->load("model"), event_engine::TransientError);
  EXPECT_THROW(store_->save("model", binomial_checkpoint(2, 0, "2")), event_engine::TransientError);
  server_.start();
  EXPECT_TRUE(eventually([&] { return store_->reachable(); }));
  store_->save("model", binomial_checkpoint(3, 0, "3"));
  EXPECT_EQ(store_->load("model")->position, "3");
}

TEST(RedisStoreConnection, PasswordFromTheEnvironmentNeverInTheMessages) {
  RedisServer server({.appendonly = false, .extra_arguments = {"--requirepass", "s3cret-word"}});
  ::setenv("REDIS_STORE_TEST_PASSWORD", "s3cret-word", 1);
  ::setenv("REDIS_STORE_TEST_WRONG_PASSWORD", "not-the-s3cret", 1);
  const auto store =
      load_redis_store({{"port", server.port()}, {"password_env", "REDIS_STORE_TEST_PASSWORD"}});
  store->save("model", binomial_checkpoint(1, 2, "3"));
  EXPECT_EQ(store->load("model")->accepted, 3u);

  const auto wrong =
      load_redis_store({{"port", server.port()}, {"password_env", "REDIS_STORE_TEST_WRONG_PASSWORD"}});
  std::string error = error_of([&] { wrong->load("model"); });
  EXPECT_NE(error.find("AUTH refused"), std::string::npos) << error;
  bool refusal_is_transient = false;
  try {
    wrong->load("model");
  } catch (const event_engine::TransientError&) {
    refusal_is_transient = true;
  } catch (const std::exception&) {
  }
  EXPECT_FALSE(refusal_is_transient) << "a refused password is no outage: a start must not wait it out";
  EXPECT_EQ(error.find("not-the-s3cret"), std::string::npos) << error;
  EXPECT_FALSE(wrong->reachable());

  const auto unset = load_redis_store({{"port", server.port()}, {"password_env", "REDIS_STORE_TEST_UNSET"}});
  error = error_of([&] { unset->load("model"); });
  EXPECT_NE(error.find("REDIS_STORE_TEST_UNSET (password_env) is not set"), std::string::npos) << error;

  const auto none = load_redis_store({{"port", server.port()}});
  error = error_of([&] { none->load("model"); });
  EXPECT_NE(error.find("NOAUTH"), std::string::npos) << error;
}

TEST(RedisStoreConnection, DatabaseAndUnixSocket) {
  const event_engine::testing::TempDir directory;
  const std::string socket = (directory / "redis.sock").string();
  RedisServer with_socket(
      {.appendonly = false, .extra_arguments = {"--unixsocket", socket, "--unixsocketperm", "700"}});
  const auto store = load_redis_store({{"unix_socket", socket}, {"db", 3}});
  store->save("model", binomial_checkpoint(4, 4, "8"));
  EXPECT_EQ(with_socket.cli({"-n", "3", "HGET", "event-engine:checkpoint:model", "n"}), "8");
  EXPECT_EQ(with_socket.cli({"-n", "0", "EXISTS", "event-engine:checkpoint:model"}), "0");
  EXPECT_TRUE(store->reachable());
}

}  // namespace
