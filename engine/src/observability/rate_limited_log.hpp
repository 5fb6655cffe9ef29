// Logs at most one line per interval and says how many similar lines it held back.
#pragma once

#include <spdlog/logger.h>
#include <chrono>
#include <cstdint>
#include <string>

namespace event_engine {

class RateLimitedLog {
 public:
  RateLimitedLog(std::shared_ptr<spdlog::logger> logger, std::chrono::milliseconds interval)
      : logger_(std::move(logger)), interval_(interval) {}

  // `count` occurrences of the situation described by `message`.
  void warn(std::uint64_t count, const std::string& message) {
    held_back_ += count;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_logged_ < interval_) return;
    logger_->warn("{} ({} since the last such line)", message, held_back_);
    held_back_ = 0;
    last_logged_ = now;
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_logged_{};
  std::uint64_t held_back_ = 0;
};

}  // namespace event_engine
