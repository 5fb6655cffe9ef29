// The redis broker in stream mode against a real redis-server: positions, acknowledgement, a
// restarted engine taking over its predecessor's pending entries (skipping what its checkpoint
// covers), dead consumers' entries requeued, a shared group, MAXLEN, and a Redis restart.
#include <gtest/gtest.h>

#include <set>

#include "loaded_redis_plugins.hpp"
#include "redis_server.hpp"
#include "time_scale.hpp"

namespace {

using namespace std::chrono_literals;
using event_engine::EventBatch;
using event_engine::testing::RedisServer;
using event_engine::testing::RedisServerOptions;
using nlohmann::json;
using redis_plugin_test::events_of;
using redis_plugin_test::eventually;
using redis_plugin_test::load_redis_broker;
using redis_plugin_test::poll_until;

// A position as the pair of numbers it holds ("" as 0-0), to compare positions.
std::optional<std::pair<std::uint64_t, std::uint64_t>> id_of(const std::string& position) {
  if (position.empty()) return std::pair<std::uint64_t, std::uint64_t>{0, 0};
  const std::size_t dash = position.find('-');
  if (dash == std::string::npos) return std::nullopt;
  return std::pair<std::uint64_t, std::uint64_t>{std::stoull(position.substr(0, dash)),
                                                 std::stoull(position.substr(dash + 1))};
}

std::vector<std::string> numbered(int from, int to) {
  std::vector<std::string> events;
  for (int i = from; i < to; ++i) events.push_back("e-" + std::to_string(i));
  return events;
}

class RedisStreamTest : public testing::Test {
 protected:
  explicit RedisStreamTest(RedisServerOptions options = {}) : server_(std::move(options)) {}

  json config(const std::string& consumer, json more = json::object()) const {
    json config = {
        {"port", server_.port()}, {"mode", "stream"}, {"consumer", consumer}, {"reconnect_max_ms", 200}};
    config.update(more);
    return config;
  }

  // Publishes e-<from> ... e-<to - 1> through a publishing-only broker, as another process would.
  void publish(int from, int to, json more = json::object()) {
    const auto outside = load_redis_broker(config("publisher", more));
    const auto publisher = outside->open_publisher();
    EventBatch events;
    for (const std::string& event : numbered(from, to)) events.add(event);
    publisher->publish_batch("update_model", events);
  }

  std::string pending() const {
    return server_.cli({"XPENDING", "update_model", "event-engine"}).substr(0, 8);
  }
  long pending_count() const { return std::stol(pending()); }
  // commit() returns before Redis has acknowledged: true once it has, and the broker has read the
  // confirmation (polls collect it), leaving `pending_left` entries pending.
  bool commit_lands(const redis_plugin_test::Loaded<event_engine::Broker>& broker, long pending_left = 0) {
    EventBatch scratch;
    const bool landed = eventually([&] {
      broker->poll(scratch, 1, 1ms);
      return pending_count() == pending_left;
    });
    // Redis wrote the confirmation before it answered the XPENDING that saw the entries go.
    broker->poll(scratch, 1, 1ms);
    return landed;
  }
  std::string consumers() const {
    std::string names;
    const std::string info = server_.cli({"XINFO", "CONSUMERS", "update_model", "event-engine"});
    std::istringstream lines(info);
    for (std::string line; std::getline(lines, line);) {
      if (line == "name" && std::getline(lines, line)) names += (names.empty() ? "" : ",") + line;
    }
    return names;
  }

  RedisServer server_;
};

TEST_F(RedisStreamTest, EntriesArriveInOrderWithTheirIdsAsPositionsAndCommitAcknowledges) {
  const auto broker = load_redis_broker(config("c1"));
  broker->subscribe({"update_model"}, std::nullopt);
  EXPECT_TRUE(broker->ready());
  publish(0, 1000);
  EventBatch batch;
  poll_until(*broker, batch, 1000);
  EXPECT_EQ(events_of(batch), numbered(0, 1000)) << broker.log_text();
  const std::string last_id =
      server_.cli({"XREVRANGE", "update_model", "+", "-", "COUNT", "1"}).substr(0, 15);
  EXPECT_TRUE(batch.last_position().starts_with(last_id)) << batch.last_position() << " vs " << last_id;
  EXPECT_EQ(pending_count(), 1000);

  broker->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(broker));
  EXPECT_EQ(server_.cli({"HGET", "event-engine:committed:update_model:event-engine", "c1"}),
            batch.last_position());
  EXPECT_EQ(broker.counter("event_engine_redis_stream_acknowledged_total"), 1000u);
}

// The engine's last commit comes just before it closes the broker: it still lands.
TEST_F(RedisStreamTest, TheLastCommitLandsWhenTheBrokerCloses) {
  publish(0, 20000);
  {
    const auto broker = load_redis_broker(config("c1"));
    broker->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*broker, batch, 20000);
    broker->commit(batch.last_position());
  }
  EXPECT_EQ(pending_count(), 0);
}

// A backlog is read on several connections at once; the replies still come out in ID order.
TEST_F(RedisStreamTest, ABacklogArrivesWholeInOrderAndOnce) {
  publish(0, 50000);
  const auto broker = load_redis_broker(config("c1", {{"read_count", 4000}}));
  broker->subscribe({"update_model"}, std::nullopt);
  EventBatch all;
  EventBatch batch;
  std::string previous_position;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (all.size() < 50000 && std::chrono::steady_clock::now() < deadline) {
    batch.clear();
    if (broker->poll(batch, 7000, 50ms) == 0) continue;
    EXPECT_LT(*id_of(previous_position), *id_of(batch.last_position()));
    previous_position = batch.last_position();
    for (std::size_t i = 0; i < batch.size(); ++i) all.add(batch[i]);
  }
  EXPECT_EQ(events_of(all), numbered(0, 50000));
  broker->commit(previous_position);
  EXPECT_TRUE(commit_lands(broker));
}

TEST_F(RedisStreamTest, RedisCliXaddIsAnEventAndAnEntryWithoutTheFieldIsSetAside) {
  const auto broker = load_redis_broker(config("c1"));
  broker->subscribe({"update_model"}, std::nullopt);
  server_.cli({"XADD", "update_model", "*", "other", "x"});
  server_.cli({"XADD", "update_model", "*", "e", "w"});
  server_.cli({"XADD", "update_model", "*", "note", "hi", "e", "l"});
  EventBatch batch;
  poll_until(*broker, batch, 2);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l"}));
  EXPECT_EQ(broker.counter("event_engine_redis_malformed_total"), 1u);
  broker->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(broker));
}

TEST_F(RedisStreamTest, AnEntryOverMaxMessageBytesIsHandedOverAsOversizedAndAcknowledged) {
  const auto broker = load_redis_broker(config("c1", {{"max_message_bytes", 100}}));
  broker->subscribe({"update_model"}, std::nullopt);
  server_.cli({"XADD", "update_model", "*", "e", std::string(100, 'w')});
  const std::string oversized_id =
      server_.cli({"XADD", "update_model", "*", "e", "big" + std::string(998, 'x')});
  server_.cli({"XADD", "update_model", "*", "e", "l"});
  EventBatch batch;
  poll_until(*broker, batch, 2);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{std::string(100, 'w'), "l"}));
  ASSERT_EQ(batch.oversized().size(), 1u);
  EXPECT_EQ(batch.oversized()[0].size, 1001u);
  EXPECT_EQ(batch.oversized()[0].bound, 100u);
  EXPECT_EQ(batch.oversized()[0].first_bytes,
            "big" + std::string(EventBatch::oversized_prefix_bytes - 3, 'x'));
  EXPECT_EQ(batch.oversized()[0].position, oversized_id);
  EXPECT_EQ(broker.counter("event_engine_redis_events_received_total"), 2u);
  // Acknowledged at once: only the two applied entries wait for the commit.
  EXPECT_EQ(pending_count(), 2);
  broker->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(broker));
}

// The checkpoint was saved and committed at entry 300; the engine went on to read the rest and died.
TEST_F(RedisStreamTest, ARestartedEngineTakesOverItsPredecessorsEntriesAfterTheCheckpoint) {
  publish(0, 1000);
  std::string checkpoint;
  {
    const auto first = load_redis_broker(config("engine-pid-1"));
    first->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*first, batch, 300);
    checkpoint = batch.last_position();
    first->commit(checkpoint);
    batch.clear();
    poll_until(*first, batch, 700);
    ASSERT_EQ(batch.size(), 700u);
  }
  EXPECT_EQ(pending_count(), 700);

  const auto second = load_redis_broker(config("engine-pid-2"));
  second->subscribe({"update_model"}, checkpoint);
  EventBatch batch;
  poll_until(*second, batch, 700);
  EXPECT_EQ(events_of(batch), numbered(300, 1000));
  EXPECT_EQ(second->poll(batch, 10, 100ms), 0u) << "nothing twice";
  EXPECT_EQ(second.counter("event_engine_redis_stream_claimed_total"), 700u);
  EXPECT_EQ(consumers(), "engine-pid-2");
  second->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(second));
  const std::string log = second.log_text();
  EXPECT_NE(log.find("took over 700 pending entries of consumer engine-pid-1"), std::string::npos) << log;
}

// The engine died between saving the checkpoint at entry 500 and acknowledging it (last commit: 300).
TEST_F(RedisStreamTest, EntriesUpToTheCheckpointAreSkippedEvenWhenNeverAcknowledged) {
  publish(0, 1000);
  std::string saved;
  {
    const auto first = load_redis_broker(config("engine-pid-1"));
    first->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*first, batch, 300);
    first->commit(batch.last_position());
    batch.clear();
    poll_until(*first, batch, 200);
    saved = batch.last_position();
    batch.clear();
    poll_until(*first, batch, 500);
  }
  const auto second = load_redis_broker(config("engine-pid-2"));
  second->subscribe({"update_model"}, saved);
  EventBatch batch;
  poll_until(*second, batch, 500);
  EXPECT_EQ(events_of(batch), numbered(500, 1000));
  EXPECT_EQ(second->poll(batch, 10, 100ms), 0u);
  EXPECT_EQ(second.counter("event_engine_redis_stream_skipped_total"), 200u);
  EXPECT_EQ(pending_count(), 500) << "the skipped 200 are acknowledged at once";
  second->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(second));
}

TEST_F(RedisStreamTest, AnEngineWithAStableConsumerNameReadsItsOwnPendingEntriesFirst) {
  publish(0, 100);
  std::string checkpoint;
  {
    const auto first = load_redis_broker(config("bayes-1"));
    first->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*first, batch, 40);
    checkpoint = batch.last_position();
    batch.clear();
    poll_until(*first, batch, 60);
  }
  publish(100, 150);
  const auto again = load_redis_broker(config("bayes-1"));
  again->subscribe({"update_model"}, checkpoint);
  EventBatch batch;
  poll_until(*again, batch, 110);
  EXPECT_EQ(events_of(batch), numbered(40, 150));
  EXPECT_EQ(again.counter("event_engine_redis_stream_skipped_total"), 40u);
}

TEST_F(RedisStreamTest, ADeadConsumersPendingEntriesAreAppendedAgainForTheLiveOnes) {
  publish(0, 100);
  {
    const auto dead = load_redis_broker(config("dead"));
    dead->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*dead, batch, 100);
  }
  const auto live = load_redis_broker(config("live", {{"claim_idle_ms", 1000}}));
  live->subscribe({"update_model"}, std::nullopt);
  EventBatch batch;
  poll_until(*live, batch, 100, 10s);
  std::vector<std::string> seen = events_of(batch);
  std::sort(seen.begin(), seen.end());
  std::vector<std::string> expected = numbered(0, 100);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(live.counter("event_engine_redis_stream_requeued_total"), 100u);
  EXPECT_EQ(consumers(), "live");
  EXPECT_EQ(server_.cli({"XLEN", "update_model"}), "200");
  live->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(live));
}

// A member killed after its checkpoint was saved and before its commit acknowledged the entries
// it covers: those entries are in its share of the group (its checkpoint) already, so the live
// member that takes over its pending entries acknowledges them rather than applying them again.
TEST_F(RedisStreamTest, ADeadConsumersEntriesItsCheckpointCoversAreAcknowledgedNotRequeued) {
  publish(0, 100);
  std::string covered_up_to;
  {
    const auto dead =
        load_redis_broker(config("dead", {{"checkpoint_hash", "event-engine:checkpoint:dead-key"}}));
    dead->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*dead, batch, 40);
    covered_up_to = batch.last_position();
    batch.clear();
    poll_until(*dead, batch, 60);
  }
  // As the redis store saved it; the commit never came.
  server_.cli({"HSET", "event-engine:checkpoint:dead-key", "position", covered_up_to, "n", "40"});
  ASSERT_EQ(pending_count(), 100);
  const auto live = load_redis_broker(config("live", {{"claim_idle_ms", 1000}}));
  live->subscribe({"update_model"}, std::nullopt);
  EventBatch batch;
  poll_until(*live, batch, 60, 10s);
  std::vector<std::string> seen = events_of(batch);
  std::sort(seen.begin(), seen.end());
  std::vector<std::string> expected = numbered(40, 100);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(live.counter("event_engine_redis_stream_requeued_total"), 60u);
  EXPECT_EQ(server_.cli({"XLEN", "update_model"}), "160");
  live->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(live));
  EXPECT_EQ(consumers(), "live");
  EXPECT_EQ(server_.cli({"HEXISTS", "event-engine:checkpoints:update_model:event-engine", "dead"}), "0");
}

TEST_F(RedisStreamTest, ADeadConsumersBacklogIsRequeuedByCallsBackToBackNotOnePerHeartbeat) {
  constexpr int backlog = 20000;
  publish(0, backlog);
  {
    const auto dead = load_redis_broker(config("dead", {{"read_count", backlog}}));
    dead->subscribe({"update_model"}, std::nullopt);
    EventBatch batch;
    poll_until(*dead, batch, backlog);
  }
  ASSERT_EQ(pending_count(), backlog);
  const auto live = load_redis_broker(config("live", {{"claim_idle_ms", 1000}}));
  live->subscribe({"update_model"}, std::nullopt);
  EventBatch batch;
  // The first heartbeat finds the dead consumer once claim_idle_ms has passed...
  ASSERT_TRUE(eventually([&] {
    live->poll(batch, 1, 1ms);
    return live.counter("event_engine_redis_stream_requeued_total") > 0;
  }));
  // ... and the whole backlog follows within the next few polls, all far inside one heartbeat
  // interval (250 ms): one script call per poll while entries remain, 2,000 each. One call per
  // heartbeat, as before, had requeued at most 2,000 here.
  for (int poll = 0; poll < 40 && live.counter("event_engine_redis_stream_requeued_total") < backlog;
       ++poll) {
    live->poll(batch, 1, 1ms);
  }
  EXPECT_EQ(live.counter("event_engine_redis_stream_requeued_total"), static_cast<std::uint64_t>(backlog));
  // The call that finds the dead consumer with nothing left removes it.
  live->poll(batch, 1, 1ms);
  EXPECT_EQ(consumers(), "live");
}

// Redis 7.0 counts a consumer's idle time from its last delivery, so a live consumer that gets no new
// entries looks idle there: its heartbeat says it is alive.
TEST_F(RedisStreamTest, ALiveConsumerThatGetsNothingNewIsNotTakenForDead) {
  const auto busy = load_redis_broker(config("busy", {{"claim_idle_ms", 1000}}));
  const auto other = load_redis_broker(config("other", {{"claim_idle_ms", 1000}}));
  busy->subscribe({"update_model"}, std::nullopt);
  publish(0, 100);
  EventBatch batch;
  poll_until(*busy, batch, 100);
  other->subscribe({"update_model"}, std::nullopt);
  EventBatch nothing;
  // Well past claim_idle_ms: time enough for a wrong claim, however slow the build.
  const auto until = std::chrono::steady_clock::now() + event_engine::testing::scaled(2500ms);
  while (std::chrono::steady_clock::now() < until) {
    busy->poll(batch, 100, 20ms);
    other->poll(nothing, 100, 20ms);
  }
  EXPECT_EQ(nothing.size(), 0u);
  EXPECT_EQ(other.counter("event_engine_redis_stream_requeued_total"), 0u);
  EXPECT_EQ(pending_count(), 100);
  EXPECT_EQ(server_.cli({"XLEN", "update_model"}), "100");
}

TEST_F(RedisStreamTest, TwoConsumersOfOneGroupShareTheEntries) {
  const auto one = load_redis_broker(config("one", {{"read_count", 10}}));
  const auto two = load_redis_broker(config("two", {{"read_count", 10}}));
  one->subscribe({"update_model"}, std::nullopt);
  two->subscribe({"update_model"}, std::nullopt);
  publish(0, 1000);
  EventBatch from_one;
  EventBatch from_two;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (from_one.size() + from_two.size() < 1000 && std::chrono::steady_clock::now() < deadline) {
    one->poll(from_one, 10, 10ms);
    two->poll(from_two, 10, 10ms);
  }
  EXPECT_GT(from_one.size(), 0u);
  EXPECT_GT(from_two.size(), 0u);
  std::multiset<std::string> seen;
  for (const auto& event : events_of(from_one)) seen.insert(event);
  for (const auto& event : events_of(from_two)) seen.insert(event);
  const std::vector<std::string> all = numbered(0, 1000);
  EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end()));
}

TEST_F(RedisStreamTest, MaxlenTrimsTheStreamApproximately) {
  publish(0, 5000, {{"maxlen", 100}});
  EXPECT_LT(std::stol(server_.cli({"XLEN", "update_model"})), 1000);
  EXPECT_GE(std::stol(server_.cli({"XLEN", "update_model"})), 100);
}

TEST_F(RedisStreamTest, OneStreamPerEngineAndAPubsubPositionIsIgnored) {
  const auto two_topics = load_redis_broker(config("c1"));
  EXPECT_THROW(two_topics->subscribe({"a", "b"}, std::nullopt), std::invalid_argument);
  const auto broker = load_redis_broker(config("c2"));
  broker->subscribe({"update_model"}, "42");
  EXPECT_NE(broker.log_text().find("not a stream entry ID"), std::string::npos) << broker.log_text();
  publish(0, 3);
  EventBatch batch;
  poll_until(*broker, batch, 3);
  EXPECT_EQ(events_of(batch), numbered(0, 3));
}

class RedisStreamPersistentTest : public RedisStreamTest {
 protected:
  RedisStreamPersistentTest() : RedisStreamTest({.appendonly = true, .extra_arguments = {}}) {}
};

TEST_F(RedisStreamPersistentTest, TheConsumerRidesOutARedisRestartAndLosesNothing) {
  const auto broker = load_redis_broker(config("c1"));
  broker->subscribe({"update_model"}, std::nullopt);
  publish(0, 500);
  EventBatch batch;
  poll_until(*broker, batch, 250);
  broker->commit(batch.last_position());
  poll_until(*broker, batch, 500);
  server_.stop();
  EXPECT_TRUE(eventually([&] {
    broker->poll(batch, 10, 20ms);
    return !broker->ready();
  }));
  broker->commit(batch.last_position());  // Redis is down: kept for the next commit, no exception
  server_.start();
  EXPECT_TRUE(eventually([&] {
    broker->poll(batch, 10, 20ms);
    return broker->ready();
  }));
  EXPECT_EQ(pending_count(), 250) << "the pending list survived in the append-only file";
  publish(500, 1000);
  poll_until(*broker, batch, 1000);
  EXPECT_EQ(events_of(batch), numbered(0, 1000));
  broker->commit(batch.last_position());
  EXPECT_TRUE(commit_lands(broker));
  EXPECT_EQ(broker.counter("event_engine_redis_subscriber_disconnections_total"), 1u);
}

}  // namespace
