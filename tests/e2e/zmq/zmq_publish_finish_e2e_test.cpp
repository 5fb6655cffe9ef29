// `event-engine publish` over ZeroMQ, which acknowledges nothing, against an engine that stops
// taking events (SIGSTOP) after the publisher has queued them all: publish says "published" only
// once its queue has reached the engine's connection, waiting for it up to --finish-timeout, and
// past that exits 1 saying that events may be missing, instead of dropping its queue after the
// socket's one-second linger and reporting them as published.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "child_process.hpp"
#include "engine_reads.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using namespace std::chrono_literals;

// Enough that what the kernel's socket buffers hold leaves most of it in ZeroMQ's queue (10 MB),
// and few enough messages (500 of 10,000 events) that the queue takes them all without blocking.
constexpr int file_events = 5'000'000;

class ZmqPublishFinish : public ::testing::Test {
 protected:
  ZmqPublishFinish()
      : engine_(work_.path(), "config/default.json",
                {"broker.config.endpoints=[\"inproc://event-engine\",\"tcp://127.0.0.1:" +
                     std::to_string(free_port()) + "\"]",
                 "process.visualisers=[]"}) {
    std::ofstream events(work_ / "events.txt");
    for (int i = 0; i < file_events; ++i) events << "w\n";
  }

  // Starts `publish --file` while the engine is stopped, and returns once it has queued every
  // event (its debug line says so) or has ended.
  std::unique_ptr<ChildProcess> publish_to_stopped_engine(const std::string& finish_timeout) {
    EXPECT_EQ(::kill(engine_.pid(), SIGSTOP), 0);
    std::vector<std::string> argv = engine_.command("publish");
    argv.insert(argv.end(), {"--log-level", "debug", "--finish-timeout", finish_timeout, "--file",
                             (work_ / "events.txt").string()});
    auto publish = std::make_unique<ChildProcess>(argv, work_ / "publish.log");
    EXPECT_TRUE(wait_until(
        [&] {
          return publish->output().find("every event is queued") != std::string::npos || !publish->running();
        },
        60s))
        << publish->output();
    return publish;
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(ZmqPublishFinish, PublishWaitsForAStoppedEngineAndEveryEventArrives) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  const auto publish = publish_to_stopped_engine("60");
  // The fault held for twice the socket's linger (1 s): a publisher that drops its queue at close
  // has dropped it, and exited, by the end of it.
  std::this_thread::sleep_for(2s);
  EXPECT_TRUE(publish->running()) << "publish ended while the engine was stopped:\n" << publish->output();
  ASSERT_EQ(::kill(engine_.pid(), SIGCONT), 0);
  EXPECT_EQ(publish->wait(scaled(60s)), std::optional<int>(0)) << publish->output();
  EXPECT_NE(publish->output().find("published 5000000 events"), std::string::npos) << publish->output();
  EXPECT_TRUE(wait_until([&] { return applied_n(engine_) == file_events; }, 60s))
      << "applied " << applied_n(engine_) << " of " << file_events << "\n"
      << publish->output();
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(ZmqPublishFinish, PublishExits1WhenTheEngineDoesNotTakeItsQueueInTime) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  const auto publish = publish_to_stopped_engine("1");
  const std::optional<int> exit_code = publish->wait(scaled(30s));
  ASSERT_EQ(::kill(engine_.pid(), SIGCONT), 0);
  EXPECT_EQ(exit_code, std::optional<int>(1)) << publish->output();
  EXPECT_NE(publish->output().find("did not take everything queued within 1 s"), std::string::npos)
      << publish->output();
  EXPECT_EQ(publish->output().find("published 5000000 events"), std::string::npos) << publish->output();
  // The engine, stopped before the publisher's handshake, got none of it, and runs on.
  EXPECT_TRUE(wait_until([&] { return applied_n(engine_) == 0; }, 30s)) << engine_.log();
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

}  // namespace
}  // namespace event_engine::testing
