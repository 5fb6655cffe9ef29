// max_message_bytes through the built zmq_broker.so and a raw ZeroMQ client on tcp: a frame over
// the bound cuts its sender off before it is buffered, is counted, and what follows arrives exactly.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "batch_events.hpp"
#include "free_port.hpp"
#include "loaded_zmq_broker.hpp"
#include "time_scale.hpp"

namespace {

using namespace std::chrono_literals;
using event_engine::EventBatch;
using event_engine::testing::scaled;

using event_engine::testing::events_of;

// Polls into `batch` until `done` holds or the (scaled) patience runs out; returns `done()`.
template <class Condition>
bool poll_until(event_engine::Broker& broker, EventBatch& batch, Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + scaled(10s);
  while (!done() && std::chrono::steady_clock::now() < deadline) broker.poll(batch, 1000, 50ms);
  return done();
}

TEST(ZmqBrokerBounds, AFrameOverTheBoundCutsItsSenderOffAndLaterEventsArriveExactly) {
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(event_engine::testing::free_port());
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {endpoint}}, {"max_message_bytes", 1000}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);

  zmq::context_t context;
  zmq::socket_t client(context, zmq::socket_type::push);
  client.connect(endpoint);
  // Exactly at the bound: taken whole.
  client.send(zmq::buffer(std::string(1000, 'w')));
  EventBatch batch;
  ASSERT_TRUE(poll_until(*loaded.broker, batch, [&] { return batch.size() == 1; }));
  EXPECT_EQ(batch[0].size(), 1000u);

  client.send(zmq::buffer(std::string(1001, 'w')));
  batch.clear();
  ASSERT_TRUE(poll_until(*loaded.broker, batch, [&] {
    return loaded.counter("event_engine_zmq_disconnections_total") == 1;
  })) << "the sender of the frame over the bound was not cut off";
  EXPECT_EQ(batch.size(), 0u);

  // The client reconnects by itself; what it sends now arrives, once.
  client.send(zmq::str_buffer("update_model"), zmq::send_flags::sndmore);
  client.send(zmq::str_buffer("w\nl\nw"));
  ASSERT_TRUE(poll_until(*loaded.broker, batch, [&] { return batch.size() >= 3; }));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l", "w"}));
  EXPECT_EQ(loaded.counter("event_engine_zmq_messages_received_total"), 2u);
  EXPECT_EQ(loaded.counter("event_engine_zmq_events_received_total"), 4u);
  EXPECT_EQ(loaded.counter("event_engine_zmq_bytes_received_total"), 1005u);
  EXPECT_EQ(loaded.counter("event_engine_zmq_disconnections_total"), 1u);
  EXPECT_EQ(loaded.counter("event_engine_zmq_handshakes_refused_total"), 0u);
}

TEST(ZmqBrokerBounds, TheBoundDefaultsToTheHttpBodyLimit) {
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(event_engine::testing::free_port());
  const LoadedZmqBroker loaded = load_zmq_broker({{"endpoints", {endpoint}}});
  loaded.broker->subscribe({"update_model"}, std::nullopt);

  zmq::context_t context;
  zmq::socket_t client(context, zmq::socket_type::push);
  client.connect(endpoint);
  client.send(zmq::buffer(std::string(64 * 1024 * 1024 + 1, 'w')));
  EventBatch batch;
  ASSERT_TRUE(poll_until(*loaded.broker, batch,
                         [&] { return loaded.counter("event_engine_zmq_disconnections_total") == 1; }));
  client.send(zmq::str_buffer("l"));
  ASSERT_TRUE(poll_until(*loaded.broker, batch, [&] { return batch.size() >= 1; }));
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"l"});
}

}  // namespace
