// Throughput over the middle of a transfer: the clock is read when the 10% mark and the 90% mark
// pass, so neither connection set-up nor the last stragglers count. The harness measures the
// engine the same way, from its counters.
#pragma once

#include <chrono>
#include <cstdint>

namespace bench {

class MiddleWindowRate {
 public:
  explicit MiddleWindowRate(std::uint64_t total) : first_mark_(total / 10), last_mark_(total - total / 10) {}

  // Call with the running count after each item, or after each message of many items: the
  // window then runs from the count that first reached each mark.
  void passed(std::uint64_t count) noexcept {
    if (first_count_ == 0 && count >= first_mark_) {
      first_count_ = count;
      first_time_ = Clock::now();
    }
    if (last_count_ == 0 && count >= last_mark_) {
      last_count_ = count;
      last_time_ = Clock::now();
    }
  }

  double per_second() const noexcept {
    const double seconds = std::chrono::duration<double>(last_time_ - first_time_).count();
    return seconds > 0 ? static_cast<double>(last_count_ - first_count_) / seconds : 0.0;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::uint64_t first_mark_;
  std::uint64_t last_mark_;
  std::uint64_t first_count_ = 0;
  std::uint64_t last_count_ = 0;
  Clock::time_point first_time_{};
  Clock::time_point last_time_{};
};

}  // namespace bench
