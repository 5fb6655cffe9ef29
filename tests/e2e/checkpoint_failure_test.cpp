// Checkpoints that fail, and a kill in the middle of one. A store that refuses every checkpoint: /readyz
// answers 503 with the reason once saves have failed for process.checkpoint.not_ready_after_failing_ms, and
// 200 again once one succeeds; the events applied meanwhile are in the checkpoint saved after the repair. The
// fault is a directory where the checkpoint file goes: the rename over it fails whoever runs the test (root
// too), while the store's directory stays writable, so it is the saves that fail and not the store's probe.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

using namespace std::chrono_literals;

class CheckpointFailure : public ::testing::Test {
 protected:
  CheckpointFailure()
      : engine_(work_.path(), "config/default.json",
                {"broker.config.endpoints=[\"inproc://event-engine\"]", "process.checkpoint.every_ms=100",
                 "process.checkpoint.not_ready_after_failing_ms=1000"}) {}

  std::filesystem::path checkpoint_file() const { return work_.path() / "state" / "model.json"; }

  // The "accepted" count of a checkpoint file, or -1 while there is none (or it is in the way).
  int accepted_in_checkpoint(const std::string& name = "model.json") const {
    const std::filesystem::path file = work_.path() / "state" / name;
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) return -1;
    std::ifstream in(file);
    const nlohmann::json saved = nlohmann::json::parse(in, nullptr, false);
    return saved.is_discarded() ? -1 : saved.at("accepted").get<int>();
  }

  bool wait_for_accepted_in_checkpoint(int accepted) const {
    const auto deadline = std::chrono::steady_clock::now() + scaled(20s);
    while (std::chrono::steady_clock::now() < deadline) {
      if (accepted_in_checkpoint() == accepted) return true;
      std::this_thread::sleep_for(25ms);
    }
    return false;
  }

  double checkpoint_failures() const {
    return metric_value(http_get(engine_.http_port(), "/metrics").body,
                        "event_engine_checkpoint_failures_total");
  }

  bool send(int count) const {
    for (int i = 0; i < count; ++i) {
      if (http_get(engine_.http_port(), "/update_model/w").status != 201) return false;
    }
    return true;
  }

  int model_n() const {
    const HttpReply reply = http_get(engine_.http_port(), "/model?compact=1");
    return reply.status == 200 ? nlohmann::json::parse(reply.body).at("n").get<int>() : -1;
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(CheckpointFailure, ReadyzSays503WhileSavesFailAnd200OnceOneSucceedsWithNothingLost) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  ASSERT_TRUE(send(5));
  ASSERT_TRUE(wait_for_accepted_in_checkpoint(5)) << engine_.log();
  ASSERT_TRUE(wait_for_status(engine_.http_port(), "/readyz", 200, scaled(20s)));

  // The fault: a directory where the checkpoint file is renamed to. Nothing is saved until the
  // events below, so the writer does not put the file back in between.
  std::filesystem::remove(checkpoint_file());
  ASSERT_TRUE(std::filesystem::create_directory(checkpoint_file()));
  ASSERT_TRUE(send(5));

  // The state at the fault: saves fail, and the engine still applies events.
  const auto deadline = std::chrono::steady_clock::now() + scaled(20s);
  while (checkpoint_failures() < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(25ms);
  ASSERT_GE(checkpoint_failures(), 1) << engine_.log();
  EXPECT_EQ(model_n(), 10);

  ASSERT_TRUE(wait_for_status(engine_.http_port(), "/readyz", 503, scaled(20s))) << engine_.log();
  const HttpReply not_ready = http_get(engine_.http_port(), "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_NE(not_ready.body.find("not ready: checkpoints failing for "), std::string::npos) << not_ready.body;
  EXPECT_NE(not_ready.body.find(checkpoint_file().string()), std::string::npos) << not_ready.body;
  EXPECT_NE(not_ready.body.find("Is a directory"), std::string::npos) << not_ready.body;
  // Still failing, and still counted.
  EXPECT_GE(checkpoint_failures(), 2);

  // The repair: the next save succeeds and covers every event applied during the failure.
  std::filesystem::remove(checkpoint_file());
  ASSERT_TRUE(wait_for_status(engine_.http_port(), "/readyz", 200, scaled(20s))) << engine_.log();
  ASSERT_TRUE(wait_for_accepted_in_checkpoint(10)) << engine_.log();

  // Killed, so that no final checkpoint saves anything: the one saved after the repair holds all.
  engine_.kill();
  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(model_n(), 10) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

// Killed in the middle of a checkpoint's write (event_engine/kill_point.hpp): the new checkpoint is
// in model.json.tmp, not yet renamed. The previous one stays whole, and the engine starts from it.
TEST_F(CheckpointFailure, AKillDuringACheckpointWriteLeavesThePreviousOneWhole) {
  engine_.start_to_die_at("checkpoint_writing:2");
  ASSERT_TRUE(wait_for_status(engine_.http_port(), "/healthz", 200, scaled(20s))) << engine_.log();
  // One body each, so that each is one batch and one checkpoint.
  ASSERT_EQ(http_post(engine_.http_port(), "/events", "w\nw\nw\n").status, 202);
  ASSERT_TRUE(wait_for_accepted_in_checkpoint(3)) << engine_.log();
  ASSERT_EQ(http_post(engine_.http_port(), "/events", "w\nw\n").status, 202);
  ASSERT_EQ(engine_.wait(scaled(20s)), std::optional<int>(128 + SIGKILL)) << engine_.log();
  EXPECT_NE(
      engine_.kill_point_line().find("checkpoint_writing: the new model.json is written as model.json.tmp"),
      std::string::npos)
      << engine_.log();
  // The state at the kill: the new checkpoint written aside, the previous one in place.
  EXPECT_EQ(accepted_in_checkpoint("model.json.tmp"), 5);
  EXPECT_EQ(accepted_in_checkpoint(), 3);

  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(model_n(), 3) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
  EXPECT_EQ(accepted_in_checkpoint(), 3);
}

}  // namespace
}  // namespace event_engine::testing
