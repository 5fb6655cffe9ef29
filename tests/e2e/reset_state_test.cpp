// `run --reset-state` lasts: the prior is saved before the engine reports running, so stopping
// (or crashing) before any event arrives does not bring the old model back on the next start.
#include <gtest/gtest.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

class ResetState : public ::testing::Test {
 protected:
  ResetState()
      : engine_(work_.path(), "config/default.json",
                // No TCP endpoint: inproc only, so nothing here competes for a fixed port.
                {"broker.config.endpoints=[\"inproc://event-engine\"]"}) {}

  // The "accepted" count of a checkpoint file in state/.
  int accepted_in(const std::string& file) {
    std::ifstream in(work_.path() / "state" / file);
    return in ? nlohmann::json::parse(in).at("accepted").get<int>() : -1;
  }

  int model_n() {
    const HttpReply reply = http_get(engine_.http_port(), "/model?compact=1");
    return reply.status == 200 ? nlohmann::json::parse(reply.body).at("n").get<int>() : -1;
  }

  // Sends `count` trials and waits (bounded) until /model shows n = `expected`.
  bool send_and_wait(int count, int expected) {
    for (int i = 0; i < count; ++i) {
      if (http_get(engine_.http_port(), "/update_model/w").status != 201) return false;
    }
    for (int attempt = 0; attempt < 400; ++attempt) {
      if (model_n() == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(ResetState, AResetStoppedBeforeAnyEventStaysReset) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  ASSERT_TRUE(send_and_wait(3, 3)) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();

  ASSERT_TRUE(engine_.start({"--reset-state"})) << engine_.log();
  EXPECT_EQ(model_n(), 0);
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
  const std::string reset_log = engine_.log();
  // Saved before the engine said it was running, and the old checkpoint named where it was kept.
  const std::size_t saved =
      reset_log.find("--reset-state: starting from the prior, saved as checkpoint 'model'");
  const std::size_t running = reset_log.find("running");
  ASSERT_NE(saved, std::string::npos) << reset_log;
  ASSERT_NE(running, std::string::npos) << reset_log;
  EXPECT_LT(saved, running) << reset_log;
  EXPECT_NE(
      reset_log.find("the checkpoint 'model' (3 events applied, 0 rejected) is kept as 'model.before-reset'"),
      std::string::npos)
      << reset_log;
  EXPECT_EQ(accepted_in("model.before-reset.json"), 3);

  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(model_n(), 0) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(ResetState, AResetLastsEvenWhenTheEngineIsKilledBeforeAnyEvent) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  ASSERT_TRUE(send_and_wait(2, 2)) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();

  ASSERT_TRUE(engine_.start({"--reset-state"})) << engine_.log();
  engine_.kill();  // no drain, no final checkpoint: only what start() saved counts

  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(model_n(), 0) << engine_.log();
  // A second reset in a row covers no events: it keeps the checkpoint set aside by the first.
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
  ASSERT_TRUE(engine_.start({"--reset-state"})) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
  EXPECT_EQ(engine_.log().find("is kept as"), std::string::npos) << engine_.log();
  EXPECT_EQ(accepted_in("model.before-reset.json"), 2);
  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(model_n(), 0) << engine_.log();
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

}  // namespace
}  // namespace event_engine::testing
