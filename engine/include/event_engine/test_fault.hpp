// For tests only: a process that kills itself with SIGKILL, as a crash would, at a named moment, so
// that a fault test lands its crash where it means to instead of wherever a timer happens to fall.
// Compiled in always and inert unless the environment asks: EVENT_ENGINE_TEST_KILL_AT="<moment>" or
// "<moment>:<n>" (the n-th time the process reaches it; the first by default), read once. Never
// set it outside a test. The moments (docs/testing.md):
//   applied             a batch was applied to the model, and no checkpoint covers it yet
//   checkpoint_saved    a checkpoint was saved, and the broker is not yet told (no commit or ack)
//   checkpoint_writing  a store's save is half done: the file store's new file is written and not
//                       yet renamed over the old; the Redis store's MULTI is sent and not its EXEC
// Before the kill one line goes to stderr, "test fault: SIGKILL at <moment>: <state>", so that the
// test can check the state the process was in when it died. Header-only: a plugin counts its own.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <string_view>

namespace event_engine {
namespace test_fault_detail {

struct Plan {
  std::string_view moment;  // empty: no fault asked for
  long nth = 1;
};

inline const Plan& plan() {
  static const Plan planned = [] {
    Plan read;
    const char* text = std::getenv("EVENT_ENGINE_TEST_KILL_AT");
    if (text == nullptr) return read;
    const std::string_view spec(text);
    const std::size_t colon = spec.find(':');
    read.moment = spec.substr(0, colon);
    if (colon != std::string_view::npos) read.nth = std::max(1L, std::strtol(text + colon + 1, nullptr, 10));
    return read;
  }();
  return planned;
}

inline std::atomic<long>& times_reached() {
  static std::atomic<long> count{0};
  return count;
}

}  // namespace test_fault_detail

// Kills this process at `moment` when EVENT_ENGINE_TEST_KILL_AT names it and this is the n-th time;
// `describe_state` (called only then) says what the process holds at that moment. Otherwise one
// comparison of a short string: no allocation, no lock.
template <typename DescribeState>
void kill_here_if_testing(std::string_view moment, DescribeState&& describe_state) {
  const test_fault_detail::Plan& plan = test_fault_detail::plan();
  if (plan.moment.empty() || plan.moment != moment) return;
  if (test_fault_detail::times_reached().fetch_add(1) + 1 != plan.nth) return;
  const std::string line = "test fault: SIGKILL at " + std::string(moment) + ": " + describe_state() + "\n";
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  ::kill(::getpid(), SIGKILL);
}

}  // namespace event_engine
