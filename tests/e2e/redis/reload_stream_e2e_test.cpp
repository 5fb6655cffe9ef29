// SIGHUP to a real engine on config/redis-stream.json while entries keep arriving in the
// stream (XADD, from a script in a real redis-server): reloads that rebuild the model, the
// pipeline settings and the broker (a new consumer connection, subscribing from the checkpoint's
// position), and one that is refused. Every entry is applied exactly once, and a restart from the
// checkpoint shows the same counts.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

// Appends `count` entries of `value` to the stream in one call.
constexpr const char* append_entries =
    "for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'e', ARGV[2]) end return 1";

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// Appends entries, 30 "w" then 20 "l" per round, until told to stop; counts what Redis took.
class StreamWriter {
 public:
  explicit StreamWriter(const RedisServer& redis) : thread_([this, &redis] { write(redis); }) {}
  ~StreamWriter() { finish(); }
  void finish() {
    done_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::int64_t rounds() const { return rounds_.load(); }

 private:
  void write(const RedisServer& redis) {
    // Bounded: 2,000 rounds are 100,000 entries.
    for (int round = 0; round < 2000 && !done_.load(); ++round) {
      redis.cli({"EVAL", append_entries, "1", "update_model", "30", "w"});
      redis.cli({"EVAL", append_entries, "1", "update_model", "20", "l"});
      rounds_.fetch_add(1);
    }
  }

  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> rounds_{0};
  std::thread thread_;
};

class StreamReload : public ::testing::Test {
 protected:
  StreamReload()
      : engine_(work_.path(), "config/redis-stream.json",
                redis_overrides(redis_, true, {"process.visualisers=[]"})) {
    std::ifstream in(engine_.config_file());
    std::stringstream text;
    text << in.rdbuf();
    current_ = text.str();
  }

  void edit_config(const std::string& find, const std::string& replace) {
    const std::size_t at = current_.find(find);
    ASSERT_NE(at, std::string::npos) << find;
    current_.replace(at, find.size(), replace);
    std::ofstream(engine_.config_file(), std::ios::trunc) << current_;
  }

  // SIGHUP, the reload's closing line, then more entries applied after it.
  void reload_and_expect(const std::string& outcome) {
    const std::size_t before = occurrences(engine_.log(), outcome);
    ASSERT_EQ(::kill(engine_.pid(), SIGHUP), 0);
    ASSERT_TRUE(wait_until([&] { return occurrences(engine_.log(), outcome) > before; })) << engine_.log();
    const std::int64_t applied = applied_n(engine_);
    ASSERT_TRUE(wait_until([&] { return applied_n(engine_) >= applied + 100; })) << engine_.log();
  }

  RedisServer redis_;
  TempDir work_;
  EngineInstance engine_;
  std::string current_;
};

TEST_F(StreamReload, ReloadsWhileEntriesArriveApplyEachEntryExactlyOnce) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  StreamWriter writer(redis_);
  ASSERT_TRUE(wait_until([&] { return applied_n(engine_) >= 100; })) << engine_.log();

  edit_config("\"failure\": [\"l\"]", "\"failure\": [\"l\"], \"interval_mass\": 0.5");
  reload_and_expect("reload: applied process.model;");

  edit_config("\"every_events\": 100000", "\"every_events\": 30");
  reload_and_expect("reload: applied process settings");

  edit_config("\"group\": \"event-engine\"", "\"group\": \"event-engine\", \"read_count\": 40");
  reload_and_expect("reload: applied broker;");

  edit_config("\"grid_points\": 120", "\"grid_points\": 30");
  reload_and_expect("reload refused; still running the previous config unchanged");
  edit_config("\"grid_points\": 30", "\"grid_points\": 120");

  edit_config("\"read_count\": 40", "\"read_count\": 500");
  reload_and_expect("reload: applied broker;");

  writer.finish();
  const std::int64_t rounds = writer.rounds();
  ASSERT_TRUE(wait_until([&] { return applied_n(engine_) == rounds * 50; }))
      << "applied " << applied_n(engine_) << " of " << rounds * 50 << "\n"
      << engine_.log();
  nlohmann::json summary = model_summary(engine_);
  EXPECT_EQ(summary.value("w", -1), rounds * 30);
  EXPECT_EQ(summary.value("l", -1), rounds * 20);

  ASSERT_EQ(engine_.stop(), 0) << engine_.log();
  ASSERT_TRUE(engine_.start()) << engine_.log();
  ASSERT_TRUE(wait_until([&] { return stream_pending(redis_) == 0; })) << engine_.log();
  summary = model_summary(engine_);
  EXPECT_EQ(summary.value("w", -1), rounds * 30);
  EXPECT_EQ(summary.value("l", -1), rounds * 20);
  EXPECT_EQ(summary.value("interval_mass", 0.0), 0.5);
}

}  // namespace
}  // namespace event_engine::testing
