// A named risky moment at which the end-to-end tests can kill the engine on purpose, so that a
// fault test proves that its kill landed exactly there (between storing and answering, say) rather
// than hoping a kill from outside does. Armed only by the environment, for tests only:
//   EVENT_ENGINE_KILL_AT=<point>:<n>   SIGKILL the process the n-th time it passes <point>.
// Before the kill one line goes to stderr, "kill point <point>: <state>", so that the test can
// check the state the process was in when it died. The points are listed in docs/testing.md.
// Header-only and public, so that plugins (a store's half-done save) have points too.
// Unarmed (always, outside tests) a pass costs one branch on a value read once at start.
#pragma once

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace event_engine {

class KillPoint {
 public:
  // Reads EVENT_ENGINE_KILL_AT once. `name` outlives the point (a string literal).
  explicit KillPoint(std::string_view name) : name_(name) {
    const char* setting = std::getenv("EVENT_ENGINE_KILL_AT");
    if (setting == nullptr) return;
    const std::string_view text(setting);
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || text.substr(0, colon) != name) return;
    try {
      const long long passes = std::stoll(std::string(text.substr(colon + 1)));
      if (passes < 1) return;
      passes_left_.store(passes, std::memory_order_relaxed);
      armed_ = true;
    } catch (const std::exception&) {
      // Not a count: the point stays unarmed, as for another point's name.
    }
  }

  void pass() noexcept {
    if (armed_) count_pass([] { return std::string(); });
  }

  // As pass(); `describe_state` (called only for the kill) says what the process holds then.
  template <typename DescribeState>
  void pass(DescribeState&& describe_state) noexcept {
    if (armed_) count_pass(describe_state);
  }

 private:
  template <typename DescribeState>
  void count_pass(const DescribeState& describe_state) noexcept {
    if (passes_left_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    try {
      const std::string state = describe_state();
      const std::string line =
          "kill point " + std::string(name_) + (state.empty() ? "" : ": " + state) + "\n";
      [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
    } catch (...) {
      // Killed all the same, without the line.
    }
    std::raise(SIGKILL);
  }

  std::string_view name_;
  bool armed_ = false;
  std::atomic<std::int64_t> passes_left_{0};
};

}  // namespace event_engine
