// The nats broker against a real nats-server: JetStream publish and pull, positions inside and at
// the end of messages, resuming after a checkpoint's position, acknowledgements, an existing
// stream with another config, partitions, readiness through an outage, and core mode.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "loaded_nats_plugins.hpp"
#include "nats_server.hpp"
#include "stream_event_count.hpp"
#include "time_scale.hpp"

namespace {

using event_engine::EventBatch;
using event_engine::testing::NatsServer;
using event_engine::testing::scaled;
using nats_plugin_test::eventually;
using nats_plugin_test::load_nats_broker;
using nats_plugin_test::poll_until;
using nlohmann::json;

EventBatch numbered(int from, int to) {
  EventBatch batch;
  for (int i = from; i < to; ++i) batch.add(std::to_string(i));
  return batch;
}

std::vector<int> numbers_of(const EventBatch& batch) {
  std::vector<int> numbers;
  for (std::size_t i = 0; i < batch.size(); ++i) numbers.push_back(std::stoi(std::string(batch[i])));
  return numbers;
}

std::vector<int> range(int from, int to) {
  std::vector<int> numbers;
  for (int i = from; i < to; ++i) numbers.push_back(i);
  return numbers;
}

class NatsJetStreamTest : public testing::Test {
 protected:
  json config(json more = json::object()) const {
    json config = {{"mode", "jetstream"}, {"servers", server_.url()}, {"events_per_message", 100}};
    config.update(more);
    return config;
  }
  NatsServer server_;
};

TEST_F(NatsJetStreamTest, PublishedBatchesArriveInOrderWithStreamPositions) {
  auto broker = load_nats_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 250));  // three messages: 100, 100, 50
  publisher->publish("update_model", "250");

  EventBatch first;
  poll_until(*broker, first, 150, 150);
  EXPECT_EQ(numbers_of(first), range(0, 150));
  EXPECT_EQ(first.last_position(), "2:50") << "inside the second message";
  EventBatch rest;
  poll_until(*broker, rest, 101, 1000);
  EXPECT_EQ(numbers_of(rest), range(150, 251));
  EXPECT_EQ(rest.last_position(), "4");
  EXPECT_EQ(broker.counter("event_engine_nats_events_published_total"), 251u);
  EXPECT_EQ(nats_plugin_test::read_stream(server_.url(), "update_model").events, 251u);
}

TEST_F(NatsJetStreamTest, ResumingAfterAPositionSkipsExactlyWhatItCovers) {
  {
    auto broker = load_nats_broker(config());
    broker->open_publisher()->publish_batch("update_model", numbered(0, 300));
  }
  for (const auto& [position, first] :
       std::vector<std::pair<std::string, int>>{{"2:30", 130}, {"2", 200}, {"3:99", 299}}) {
    auto broker = load_nats_broker(config());
    broker->subscribe({"update_model"}, position);
    EventBatch batch;
    poll_until(*broker, batch, static_cast<std::size_t>(300 - first), 1000);
    EXPECT_EQ(numbers_of(batch), range(first, 300)) << position;
    EventBatch nothing;
    broker->poll(nothing, 10, std::chrono::milliseconds(100));
    EXPECT_TRUE(nothing.empty()) << position;
  }
}

TEST_F(NatsJetStreamTest, CommitAcknowledgesThroughTheCoveredMessage) {
  auto broker = load_nats_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  broker->open_publisher()->publish_batch("update_model", numbered(0, 400));
  EventBatch batch;
  poll_until(*broker, batch, 250, 250);
  EXPECT_EQ(batch.last_position(), "3:50");
  broker->commit(batch.last_position());  // messages 1 and 2 are covered whole
  EXPECT_TRUE(eventually([&] {
    return nats_plugin_test::acknowledged_through(server_.url(), "update_model", "event-engine-p0") == 2;
  }));
  // A restart from that position replays the rest of message 3 and message 4, nothing else.
  auto restarted = load_nats_broker(config());
  restarted->subscribe({"update_model"}, batch.last_position());
  EventBatch again;
  poll_until(*restarted, again, 150, 1000);
  EXPECT_EQ(numbers_of(again), range(250, 400));
}

// An oversized message is delivered as a whole message of no events: the position moves past it,
// so the commit acknowledges it even when it is the last one and nothing follows.
TEST_F(NatsJetStreamTest, AMessageOverMaxMessageBytesIsHandedOverAsOversizedAndTheCommitAcknowledgesIt) {
  auto broker = load_nats_broker(config({{"events_per_message", 1}, {"max_message_bytes", 100}}));
  broker->subscribe({"update_model"}, std::nullopt);
  const auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 2));
  publisher->publish("update_model", "big" + std::string(500, 'x'));
  EventBatch batch;
  ASSERT_TRUE(eventually([&] {
    broker->poll(batch, 10, std::chrono::milliseconds(50));
    return !batch.oversized().empty();
  }));
  EXPECT_EQ(numbers_of(batch), range(0, 2));
  ASSERT_EQ(batch.oversized().size(), 1u);
  EXPECT_GT(batch.oversized()[0].size, 503u) << "the framed message";
  EXPECT_EQ(batch.oversized()[0].bound, 100u);
  EXPECT_NE(batch.oversized()[0].first_bytes.find("bigxxx"), std::string::npos);
  EXPECT_EQ(batch.oversized()[0].position, "3");
  EXPECT_EQ(batch.last_position(), "3");
  broker->commit(batch.last_position());
  EXPECT_TRUE(eventually([&] {
    return nats_plugin_test::acknowledged_through(server_.url(), "update_model", "event-engine-p0") == 3;
  }));
}

// Acknowledgements come only with checkpoints, so the consumer must let the server deliver far past
// the last one. Left to the server's default (1,000 messages), one-event messages stopped there
// until the next checkpoint by time: 1,000 events per every_ms.
TEST_F(NatsJetStreamTest, DeliveryGoesOnFarPastTheLastAcknowledgement) {
  auto broker = load_nats_broker(config({{"events_per_message", 1}}));
  broker->subscribe({"update_model"}, std::nullopt);
  broker->open_publisher()->publish_batch("update_model", numbered(0, 5000));  // 5,000 messages
  EventBatch received;
  poll_until(*broker, received, 5000, 1000);
  EXPECT_EQ(received.size(), 5000u);
  EXPECT_EQ(received.last_position(), "5000");
}

// A configured max_ack_pending holds delivery at that many messages until a commit acknowledges.
TEST_F(NatsJetStreamTest, MaxAckPendingHoldsDeliveryUntilACommit) {
  auto broker = load_nats_broker(config({{"events_per_message", 1}, {"max_ack_pending", 200}}));
  broker->subscribe({"update_model"}, std::nullopt);
  broker->open_publisher()->publish_batch("update_model", numbered(0, 500));
  EventBatch received;
  // Up to the bound, then held there: no more arrive while nothing is acknowledged (for as long as
  // the next 200 take to arrive once they may).
  poll_until(*broker, received, 200, 100);
  ASSERT_EQ(received.size(), 200u);
  poll_until(*broker, received, 201, 100, scaled(std::chrono::seconds(1)));
  ASSERT_EQ(received.size(), 200u);
  broker->commit(received.last_position());
  poll_until(*broker, received, 400, 100);
  ASSERT_EQ(received.size(), 400u);
  poll_until(*broker, received, 401, 100, scaled(std::chrono::seconds(1)));
  ASSERT_EQ(received.size(), 400u);
  broker->commit(received.last_position());
  poll_until(*broker, received, 500, 100);
  EXPECT_EQ(numbers_of(received), range(0, 500));
}

// A pull whose answer comes after its fetch gave up (the server was stopped meanwhile) leaves
// messages queued in the subscription. libnats 3.4.1's next Fetch would take them and write past
// its batch array; the broker drops them with the subscription instead and reads them again from
// the stream: every event once, in order.
TEST_F(NatsJetStreamTest, APullAnsweredLateIsDroppedAndItsEventsReadAgainOnce) {
  auto broker = load_nats_broker(config({{"fetch_batch", 8}}));
  broker->subscribe({"update_model"}, std::nullopt);
  auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 500));  // 5 messages, fewer than a batch
  EventBatch received;
  server_.pause();
  broker->poll(received, 1000, std::chrono::milliseconds(5));  // gives up: the server is stopped
  server_.resume();
  ASSERT_TRUE(received.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the late answer arrives
  publisher->publish_batch("update_model", numbered(500, 2000));
  poll_until(*broker, received, 2000, 1000);
  EXPECT_EQ(numbers_of(received), range(0, 2000));
  EXPECT_GE(broker.counter("event_engine_nats_late_pull_answers_dropped_total"), 1u);
}

// A server that runs 5 ms out of every 55, as a node of a very busy machine answers, while the
// subscriber polls with 5 ms timeouts: delivery goes on to the end, every event once and in order,
// in well under a second. (The server must run at all: stopped again at once after each SIGCONT,
// as an earlier version of this test did, it made no progress, and nor could any client.)
TEST_F(NatsJetStreamTest, AServerSlowerThanThePollTimeoutStillDeliversEverything) {
  auto broker = load_nats_broker(config({{"fetch_batch", 1}}));
  broker->subscribe({"update_model"}, std::nullopt);
  auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 5000));  // 50 messages: at least 50 pulls
  std::atomic<bool> done{false};
  std::thread slow_server([&] {
    while (!done) {
      server_.pause();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      server_.resume();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  EventBatch received;
  const auto deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(60));
  while (received.size() < 5000 && std::chrono::steady_clock::now() < deadline) {
    broker->poll(received, 5000 - received.size(), std::chrono::milliseconds(5));
  }
  done = true;
  slow_server.join();
  EXPECT_EQ(numbers_of(received), range(0, 5000));
}

TEST_F(NatsJetStreamTest, AnExistingStreamWithAnotherConfigIsReportedNotChanged) {
  load_nats_broker(config())->open_publisher()->publish("update_model", "w");
  auto other = load_nats_broker(config({{"max_age_ms", 60000}}));
  other->open_publisher()->publish("update_model", "w");
  EXPECT_NE(
      other.log_text().find("stream update_model exists with another config, left unchanged: max_age_ms 0 "
                            "(configured 60000)"),
      std::string::npos)
      << other.log_text();
  EXPECT_EQ(nats_plugin_test::read_stream(server_.url(), "update_model").events, 2u);
}

TEST_F(NatsJetStreamTest, PartitionsSplitTheStreamBetweenTwoConsumers) {
  auto zero = load_nats_broker(config({{"partitions", 2}, {"partition", 0}}));
  auto one = load_nats_broker(config({{"partitions", 2}, {"partition", 1}}));
  zero->subscribe({"update_model"}, std::nullopt);
  one->subscribe({"update_model"}, std::nullopt);
  zero->open_publisher()->publish_batch("update_model", numbered(0, 1000));  // ten messages, alternating
  EventBatch from_zero;
  EventBatch from_one;
  poll_until(*zero, from_zero, 500, 1000);
  poll_until(*one, from_one, 500, 1000);
  std::vector<int> all = numbers_of(from_zero);
  const std::vector<int> second = numbers_of(from_one);
  all.insert(all.end(), second.begin(), second.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, range(0, 1000));
  EXPECT_EQ(from_zero.size(), 500u);
}

TEST_F(NatsJetStreamTest, NotReadyWhileTheServerIsDownAndPublishingRefused) {
  auto broker = load_nats_broker(config());
  broker->subscribe({"update_model"}, std::nullopt);
  auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 100));
  EXPECT_TRUE(broker->ready());
  server_.kill();
  EXPECT_TRUE(eventually([&] { return !broker->ready(); }));
  EXPECT_THROW(publisher->publish_batch("update_model", numbered(100, 200)), std::exception);
  server_.start();
  EXPECT_TRUE(eventually([&] { return broker->ready(); }, std::chrono::seconds(20)));
  EXPECT_TRUE(eventually([&] {
    try {
      publisher->publish_batch("update_model", numbered(100, 200));
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }));
  EventBatch batch;
  poll_until(*broker, batch, 200, 1000, std::chrono::seconds(20));
  EXPECT_EQ(numbers_of(batch), range(0, 200));
}

TEST(NatsCoreTest, EventsReachALiveSubscriberAndAreLostWithoutOne) {
  NatsServer server;
  auto broker = load_nats_broker({{"mode", "core"}, {"servers", server.url()}, {"events_per_message", 100}});
  auto publisher = broker->open_publisher();
  publisher->publish_batch("update_model", numbered(0, 50));  // nobody subscribed: gone
  broker->subscribe({"update_model"}, std::nullopt);
  EventBatch before;  // everything received before the numbered batch below: probes only
  ASSERT_TRUE(eventually([&] {
    publisher->publish("update_model", "probe");
    const std::size_t had = before.size();
    broker->poll(before, 10, std::chrono::milliseconds(50));
    return before.size() > had;
  }));
  broker->poll(before, 1000, std::chrono::milliseconds(100));
  for (std::size_t i = 0; i < before.size(); ++i)
    EXPECT_EQ(before[i], "probe") << "published unheard, not lost";
  publisher->publish_batch("update_model", numbered(0, 250));
  EventBatch batch;
  poll_until(*broker, batch, 250, 120);
  EXPECT_EQ(numbers_of(batch), range(0, 250));
  EXPECT_EQ(batch.last_position(), "");
  EXPECT_FALSE(broker->capabilities().durable);
}

}  // namespace
