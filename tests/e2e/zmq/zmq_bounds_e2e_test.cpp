// The probe against a real engine: one 512 MiB ZeroMQ message sent to its tcp endpoint.
// With max_message_bytes at its default (64 MiB) the engine cuts the sender off before buffering
// the message: its resident memory stays where it was, it counts the disconnection, stays up, and
// applies what comes next exactly.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <zmq.hpp>

#include "engine_reads.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using namespace std::chrono_literals;

// VmRSS of process `pid` in KiB, from /proc; -1 when unreadable.
long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(ZmqBoundsEndToEnd, A512MiBMessageDoesNotGrowTheEngineAndLaterEventsAreAppliedExactly) {
  TempDir work;
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
  EngineInstance engine(
      work.path(), "config/default.json",
      {"broker.config.endpoints=[\"inproc://event-engine\",\"" + endpoint + "\"]", "process.visualisers=[]"});
  ASSERT_TRUE(engine.start()) << engine.log();
  const long resident_before = resident_kib(engine.pid());
  ASSERT_GT(resident_before, 0);

  zmq::context_t context;
  zmq::socket_t client(context, zmq::socket_type::push);
  client.set(zmq::sockopt::linger, 0);
  client.connect(endpoint);
  // Never written: its pages cost the test nothing until libzmq reads them to send.
  zmq::message_t huge(std::size_t{512} << 20);
  client.send(huge, zmq::send_flags::none);
  ASSERT_TRUE(wait_until([&] { return metric(engine, "event_engine_zmq_disconnections_total") == 1; }, 30s))
      << "the sender of 512 MiB was not cut off\n"
      << engine.log();
  const long resident_after = resident_kib(engine.pid());
  EXPECT_LT(resident_after - resident_before, 32 * 1024)
      << "resident KiB before " << resident_before << ", after " << resident_after;

  zmq::socket_t next(context, zmq::socket_type::push);
  next.connect(endpoint);
  next.send(zmq::str_buffer("update_model"), zmq::send_flags::sndmore);
  next.send(zmq::str_buffer("w\nl\nw"));
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 3; }, 10s)) << engine.log();
  EXPECT_EQ(metric(engine, "event_engine_events_applied_total"), 3);
  EXPECT_EQ(metric(engine, "event_engine_zmq_messages_received_total"), 1);
  EXPECT_EQ(metric(engine, "event_engine_zmq_disconnections_total"), 1);
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
