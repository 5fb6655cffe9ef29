#include "pipeline/startup_wait.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <stdexcept>
#include <thread>

#include "event_engine/transient_error.hpp"

namespace event_engine {
namespace {

struct CapturedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> logger =
      std::make_shared<spdlog::logger>("startup", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));

  std::size_t count_of(const std::string& text) const {
    const std::string all = lines.str();
    std::size_t count = 0;
    for (std::size_t at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++count;
    return count;
  }
};

TEST(StartupWait, RetriesATransientErrorUntilItPassesAndLogsEachChangeOnce) {
  CapturedLog log;
  const std::atomic<bool> stop{false};
  int waits = 0;
  StartupWait wait(std::nullopt, stop, log.logger, [&] { ++waits; });
  std::vector<std::string> reasons;
  int attempts = 0;
  const bool started = wait.run("the store", [&] {
    reasons.push_back(wait.reason());
    if (++attempts == 1) throw TransientError("cannot connect: Connection refused");
    if (attempts < 4) throw TransientError("no reply within 1000 ms");
  });
  EXPECT_TRUE(started);
  EXPECT_EQ(attempts, 4);
  EXPECT_EQ(waits, 1) << "told once that the start waits, before the first pause";
  EXPECT_EQ(reasons.front(), "starting: waiting for the store");
  EXPECT_EQ(reasons.back(), "starting: waiting for the store: no reply within 1000 ms (attempt 3)");
  EXPECT_EQ(log.count_of("starting: waiting for the store: cannot connect"), 1U) << log.lines.str();
  EXPECT_EQ(log.count_of("starting: waiting for the store: no reply"), 1U) << log.lines.str();
  EXPECT_EQ(log.count_of("starting: the store answers, after 4 attempts"), 1U) << log.lines.str();
  EXPECT_EQ(wait.reason(), "starting");
}

TEST(StartupWait, LetsAPermanentErrorThroughAtOnce) {
  CapturedLog log;
  const std::atomic<bool> stop{false};
  int waits = 0;
  StartupWait wait(std::nullopt, stop, log.logger, [&] { ++waits; });
  int attempts = 0;
  EXPECT_THROW(wait.run("the store",
                        [&] {
                          ++attempts;
                          throw std::runtime_error("AUTH refused");
                        }),
               std::runtime_error);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(waits, 0) << "nothing waited for";
}

TEST(StartupWait, GivesUpWhenTheTimeoutRunsOutNamingWhatItWaitedFor) {
  CapturedLog log;
  const std::atomic<bool> stop{false};
  StartupWait wait(std::chrono::seconds(1), stop, log.logger);
  const auto started = std::chrono::steady_clock::now();
  try {
    wait.run("the broker", [] { throw TransientError("nats: Timeout"); });
    FAIL() << "expected the wait to give up";
  } catch (const TransientError&) {
    FAIL() << "the timeout is permanent, not another transient error";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what())
                  .rfind("gave up waiting for the broker after 1 s (process.startup_timeout)", 0),
              0U)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("the last: nats: Timeout"), std::string::npos) << error.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(StartupWait, EndsWhenAskedToStop) {
  CapturedLog log;
  std::atomic<bool> stop{false};
  StartupWait wait(std::nullopt, stop, log.logger);
  std::jthread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
  });
  EXPECT_FALSE(wait.run("the store", [] { throw TransientError("cannot connect"); }));
}

}  // namespace
}  // namespace event_engine
