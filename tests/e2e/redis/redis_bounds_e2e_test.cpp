// A stream entry over the broker's max_message_bytes, through a real engine and redis-server: it is
// dead-lettered with its size, first bytes and id, counted, acknowledged (nothing stays pending),
// never applied; the engine stays up and applies the entries around it exactly.
#include <gtest/gtest.h>

#include <fstream>

#include "redis_services.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

double metric(const EngineInstance& engine, const std::string& name) {
  return metric_value(http_get(engine.http_port(), "/metrics").body, name);
}

std::vector<nlohmann::json> dead_letters(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(RedisBoundsEndToEnd, AnOversizedEntryIsDeadLetteredCountedAcknowledgedAndNeverApplied) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(work.path(), "config/redis-stream.json",
                        redis_overrides(redis, true,
                                        {"broker.config.max_message_bytes=1000", "process.visualisers=[]",
                                         "process.checkpoint.every_ms=100"}));
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_until(
      [&] {
        return redis.cli({"EXISTS", "update_model"}) == "1";
      },
      scaled(std::chrono::seconds(10))));

  // Alone in its batch: the pipeline gets no event, only the oversized entry.
  const std::string oversized_id =
      redis.cli({"XADD", "update_model", "*", "e", "head" + std::string(4996, 'x')});
  ASSERT_TRUE(wait_until([&] { return metric(engine, "event_engine_entries_oversized_total") == 1; },
                         scaled(std::chrono::seconds(10))))
      << engine.log();
  for (const char* trial : {"w", "l", "w"}) redis.cli({"XADD", "update_model", "*", "e", trial});
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 3; }, scaled(std::chrono::seconds(10))))
      << engine.log();
  ASSERT_TRUE(wait_until([&] { return stream_settled(redis); }, scaled(std::chrono::seconds(10))))
      << "entries left pending: " << stream_pending(redis);

  const nlohmann::json summary = model_summary(engine);
  EXPECT_EQ(summary.at("w"), 2);
  EXPECT_EQ(summary.at("l"), 1);
  EXPECT_EQ(metric(engine, "event_engine_entries_oversized_total"), 1);
  EXPECT_EQ(metric(engine, "event_engine_events_rejected_total"), 0);
  const std::vector<nlohmann::json> lines = dead_letters(work.path() / "state" / "dead-letter.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("size"), 5000);
  EXPECT_EQ(lines[0].at("first_bytes"), "head" + std::string(252, 'x'));
  EXPECT_EQ(lines[0].at("position"), oversized_id);
  EXPECT_FALSE(lines[0].contains("payload"));
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
