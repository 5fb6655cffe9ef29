#include "pipeline/startup_wait.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <utility>

#include "event_engine/transient_error.hpp"

namespace event_engine {
namespace {

constexpr std::chrono::milliseconds first_pause{100};
constexpr std::chrono::milliseconds longest_pause{5000};
// How often a pause looks at the stop flag: a SIGTERM during the wait ends it this soon.
constexpr std::chrono::milliseconds stop_check_interval{50};

double seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

StartupWait::StartupWait(std::optional<std::chrono::seconds> timeout, const std::atomic<bool>& stop,
                         std::shared_ptr<spdlog::logger> logger, std::function<void()> when_waiting)
    : timeout_(timeout), stop_(stop), logger_(std::move(logger)), when_waiting_(std::move(when_waiting)) {}

bool StartupWait::run(const std::string& what, const std::function<void()>& attempt) {
  set_reason("starting: waiting for " + what);
  std::chrono::milliseconds pause = first_pause;
  std::string last_error;
  std::uint64_t attempts = 0;
  const auto first_attempt = std::chrono::steady_clock::now();
  for (;;) {
    ++attempts;
    try {
      attempt();
      if (attempts > 1) {
        logger_->info("starting: {} answers, after {} attempts in {:.1f} s", what, attempts,
                      seconds_between(first_attempt, std::chrono::steady_clock::now()));
      }
      set_reason("starting");
      return true;
    } catch (const TransientError& error) {
      const std::string message = error.what();
      if (message != last_error) {
        // Once per change: a store down for an hour logs one line, not one per attempt.
        logger_->warn(
            "starting: waiting for {}: {}; trying again, at most every {} s{}", what, message,
            longest_pause.count() / 1000,
            timeout_ ? " until process.startup_timeout (" + std::to_string(timeout_->count()) + " s) runs out"
                     : std::string(", for as long as it takes"));
        last_error = message;
      }
      set_reason("starting: waiting for " + what + ": " + message + " (attempt " + std::to_string(attempts) +
                 ")");
    }
    if (when_waiting_) std::exchange(when_waiting_, nullptr)();
    std::chrono::milliseconds wait = pause;
    if (timeout_) {
      const auto deadline = started_ + *timeout_;
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        throw std::runtime_error("gave up waiting for " + what + " after " +
                                 std::to_string(timeout_->count()) + " s (process.startup_timeout) and " +
                                 std::to_string(attempts) + " attempts; the last: " + last_error);
      }
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(deadline - now));
    }
    if (!pause_unless_stopped(wait)) return false;
    pause = std::min(pause * 2, longest_pause);
  }
}

std::string StartupWait::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

void StartupWait::set_reason(std::string reason) {
  std::lock_guard lock(mutex_);
  reason_ = std::move(reason);
}

bool StartupWait::pause_unless_stopped(std::chrono::milliseconds pause) const {
  const auto until = std::chrono::steady_clock::now() + pause;
  while (!stop_.load()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(until - now, stop_check_interval));
  }
  return false;
}

}  // namespace event_engine
