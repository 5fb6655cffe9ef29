// An engine started while Redis is not listening yet waits for it instead of exiting: /healthz
// answers 200 and /readyz 503 with the reason meanwhile, and once Redis listens it processes what
// it is sent, exactly. process.startup_timeout bounds the wait for those who prefer to fail; what
// waiting cannot fix (a wrong password, a checkpoint that does not fit the model) still ends the
// start at once.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

// Sanitizer builds run slower and set EVENT_ENGINE_TEST_TIME_SCALE (4): time limits stretch by it.
std::chrono::milliseconds scaled(std::chrono::milliseconds limit) {
  const char* scale = std::getenv("EVENT_ENGINE_TEST_TIME_SCALE");
  return scale == nullptr ? limit : limit * std::max(1, std::atoi(scale));
}

// Occurrences of `text` in `log`.
std::size_t count_of(const std::string& log, const std::string& text) {
  std::size_t count = 0;
  for (std::size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++count;
  return count;
}

TEST(StartThatWaits, ForRedisThatIsNotListeningYetThenProcessesEveryEventOnce) {
  constexpr std::int64_t total = 20000;
  RedisServer redis;
  redis.stop();
  TempDir directory;
  EngineInstance engine(directory.path(), "config/redis-stream.json",
                        redis_overrides(redis, true, {"process.visualisers=[]"}));
  ASSERT_TRUE(engine.start()) << "the engine must wait for Redis, not exit:\n" << engine.log();

  // Several attempts, each answered by /readyz with the reason; the process stays up meanwhile.
  HttpReply readiness;
  ASSERT_TRUE(wait_until(
      [&] {
        readiness = http_get(engine.http_port(), "/readyz");
        return readiness.body.find("(attempt 4)") != std::string::npos;
      },
      scaled(std::chrono::seconds(20))))
      << readiness.status << " " << readiness.body << "\n"
      << engine.log();
  EXPECT_EQ(readiness.status, 503);
  EXPECT_NE(readiness.body.find("starting: waiting for the store: "), std::string::npos) << readiness.body;
  EXPECT_NE(readiness.body.find("Connection refused"), std::string::npos) << readiness.body;
  EXPECT_EQ(http_get(engine.http_port(), "/healthz").status, 200);
  EXPECT_EQ(http_get(engine.http_port(), "/model").status, 503) << "no model to show before it is restored";

  redis.start();
  ASSERT_TRUE(wait_until([&] { return http_get(engine.http_port(), "/readyz").status == 200; },
                         scaled(std::chrono::seconds(20))))
      << http_get(engine.http_port(), "/readyz").body << "\n"
      << engine.log();
  ASSERT_TRUE(post_trials(engine, 0, total, 1000)) << engine.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == total; }, scaled(std::chrono::seconds(30))))
      << "n = " << applied_n(engine) << "\n"
      << engine.log();
  const nlohmann::json summary = model_summary(engine);
  EXPECT_EQ(summary.at("w"), successes_before(total));
  EXPECT_EQ(summary.at("l"), total - successes_before(total));

  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
  EXPECT_EQ(redis.cli({"HGET", "event-engine:checkpoint:model", "n"}), std::to_string(total));
  // One line for the outage and one for its end, however many attempts it took.
  EXPECT_EQ(count_of(engine.log(), "starting: waiting for the store"), 1U) << engine.log();
  EXPECT_EQ(count_of(engine.log(), "starting: the store answers"), 1U) << engine.log();
}

TEST(StartThatWaits, GivesUpAfterTheStartupTimeoutNamingWhatItWaitedFor) {
  RedisServer redis;
  redis.stop();
  TempDir directory;
  EngineInstance engine(
      directory.path(), "config/redis-stream.json",
      redis_overrides(redis, true, {"process.visualisers=[]", "process.startup_timeout=\"2s\""}));
  const auto started = std::chrono::steady_clock::now();
  ChildProcess process(engine.command("run"), directory.path() / "engine.log");
  const std::optional<int> exit_code = process.wait(scaled(std::chrono::seconds(30)));
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(exit_code, std::optional<int>(1)) << process.output();
  EXPECT_GE(waited, std::chrono::seconds(2)) << process.output();
  EXPECT_NE(process.output().find("gave up waiting for the store after 2 s (process.startup_timeout)"),
            std::string::npos)
      << process.output();
  EXPECT_NE(process.output().find("Connection refused"), std::string::npos) << process.output();
}

TEST(StartThatWaits, DoesNotWaitOutARefusedPassword) {
  RedisServer redis(RedisServerOptions{.extra_arguments = {"--requirepass", "right"}});
  TempDir directory;
  EngineInstance engine(
      directory.path(), "config/redis-stream.json",
      redis_overrides(redis, true,
                      {"process.visualisers=[]", "broker.config.password_env=TEST_REDIS_PASSWORD",
                       "process.store.config.password_env=TEST_REDIS_PASSWORD"}));
  ChildProcess process(engine.command("run"), directory.path() / "engine.log",
                       {{"TEST_REDIS_PASSWORD", "wrong"}});
  ASSERT_EQ(process.wait(scaled(std::chrono::seconds(10))), std::optional<int>(1)) << process.output();
  EXPECT_NE(process.output().find("AUTH refused"), std::string::npos) << process.output();
  EXPECT_EQ(process.output().find("starting: waiting"), std::string::npos) << process.output();
}

// The broker's own refusal, with a store that is not Redis (so the store's refusal cannot end the
// start first), in both modes: the first attempt to subscribe tells it from an outage.
TEST(StartThatWaits, DoesNotWaitOutABrokerRefusingThePassword) {
  RedisServer redis(RedisServerOptions{.extra_arguments = {"--requirepass", "right"}});
  // The one-process stream config, and the seed's pub/sub subscriber.
  for (const std::string config : {"config/redis-stream.json", "config/bayes-subscriber.json"}) {
    TempDir directory;
    EngineInstance engine(
        directory.path(), config,
        redis_overrides(redis, false,
                        {"process.visualisers=[]", "broker.config.password_env=TEST_REDIS_PASSWORD",
                         R"(process.store={"plugin": "file", "config": {"directory": "../state"}})"}));
    ChildProcess process(engine.command("run"), directory.path() / "engine.log",
                         {{"TEST_REDIS_PASSWORD", "wrong"}});
    ASSERT_EQ(process.wait(scaled(std::chrono::seconds(10))), std::optional<int>(1))
        << config << process.output();
    EXPECT_NE(process.output().find("redis broker: "), std::string::npos) << config << process.output();
    EXPECT_NE(process.output().find("AUTH refused"), std::string::npos) << config << process.output();
  }
}

TEST(StartThatWaits, DoesNotWaitOutACheckpointThatDoesNotFitTheModel) {
  RedisServer redis;
  TempDir directory;
  EngineInstance engine(directory.path(), "config/redis-stream.json",
                        redis_overrides(redis, true, {"process.visualisers=[]"}));
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(post_trials(engine, 0, 100, 100)) << engine.log();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 100; }, scaled(std::chrono::seconds(20))))
      << engine.log();
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();

  std::vector<std::string> argv = engine.command("run");
  argv.insert(argv.end(), {"--set", "process.model.config.grid_points=50"});
  ChildProcess process(argv, directory.path() / "other-grid.log");
  ASSERT_EQ(process.wait(scaled(std::chrono::seconds(10))), std::optional<int>(1)) << process.output();
  EXPECT_NE(process.output().find("the stored checkpoint 'model' does not fit this model's config"),
            std::string::npos)
      << process.output();
}

}  // namespace
}  // namespace event_engine::testing
