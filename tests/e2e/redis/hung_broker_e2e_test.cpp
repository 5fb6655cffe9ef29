// A broker that stops answering (redis-server under SIGSTOP: its sockets stay open, nothing comes
// back) holds the HTTP workers that publish to it, for up to the broker's command timeout. What the
// front answers on its own thread must not wait behind them: liveness, metrics, the live page and
// the model's compact summary, which a monitor and the live page poll.
#include <gtest/gtest.h>

#include <future>

#include "redis_services.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

// Resumes the server however the test ends, so that its fixture can stop it.
struct PausedRedis {
  explicit PausedRedis(RedisServer& server) : server_(server) { server_.pause(); }
  ~PausedRedis() { server_.resume(); }
  RedisServer& server_;
};

TEST(HungBroker, ReadsTheFrontAnswersItselfDoNotWaitForWorkersStuckPublishing) {
  RedisServer redis;
  TempDir work_dir;
  // One worker, so that one publish to the hung server holds every worker there is.
  EngineInstance engine(
      work_dir.path(), "config/redis.json",
      redis_overrides(redis, true, {"http.threads=1", "broker.config.command_timeout_ms=8000"}));
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_for_status(engine.http_port(), "/readyz", 200)) << engine.log();
  ASSERT_EQ(http_get(engine.http_port(), "/update_model/w").status, 201);
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 1; })) << engine.log();

  std::future<HttpReply> stuck_publish;
  {
    const PausedRedis paused(redis);
    stuck_publish =
        std::async(std::launch::async, [&] { return http_get(engine.http_port(), "/update_model/w"); });
    // The publish has reached the worker, which counts the event received just before it
    // publishes, and waits for the server's reply (8 s at most).
    ASSERT_TRUE(wait_until(
        [&] {
          return metric_value(http_get(engine.http_port(), "/metrics").body,
                              "event_engine_http_events_received_total") == 2;
        },
        scaled(std::chrono::seconds(5))))
        << engine.log();
    ASSERT_EQ(stuck_publish.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    EXPECT_EQ(
        metric_value(http_get(engine.http_port(), "/metrics").body, "event_engine_events_published_total"),
        1);

    const HttpReply summary = http_get(engine.http_port(), "/model?compact=1");
    EXPECT_EQ(summary.status, 200);
    EXPECT_EQ(nlohmann::json::parse(summary.body).at("n"), 1);
    EXPECT_EQ(http_get(engine.http_port(), "/healthz").status, 200);
    const HttpReply metrics = http_get(engine.http_port(), "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metric_value(metrics.body, "event_engine_events_applied_total"), 1);
    EXPECT_EQ(http_get(engine.http_port(), "/").status, 200);
    // Each was answered while the publish still waited: on a worker, they would have waited too.
    EXPECT_EQ(stuck_publish.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  }
  // Resumed before its timeout, the server takes the publish: nothing was lost meanwhile.
  EXPECT_EQ(stuck_publish.get().status, 201);
  EXPECT_TRUE(wait_until([&] { return applied_n(engine) == 2; })) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
