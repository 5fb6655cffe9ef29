// The state of one logical link to Redis (the subscriber, the publishers of a broker): up, or down
// until the next reconnection attempt, with a backoff that starts at 100 ms and doubles up to a cap
// (and starts again at 100 ms once the link has stayed up for as long as the cap).
// Each change of state is logged once, however many connections share the link and however many
// attempts fail in between.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "event_engine/metrics.hpp"

namespace redis_broker {

class LinkState {
 public:
  // `role` names the link in log lines ("pubsub subscriber"). The counters may be null.
  LinkState(std::string role, std::string server, std::shared_ptr<spdlog::logger> logger,
            std::chrono::milliseconds backoff_cap, event_engine::Counter* disconnections = nullptr,
            event_engine::Counter* down_milliseconds = nullptr);

  bool up() const noexcept { return up_.load(std::memory_order_acquire); }

  // How long to wait before the next connection attempt; zero when one may be made now.
  std::chrono::milliseconds wait_before_attempt() const;

  void connected();
  // A connection failed or could not be made; `reason` names the server, never a password.
  void failed(const std::string& reason);

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds first_backoff{100};

  const std::string role_;
  const std::string server_;
  const std::shared_ptr<spdlog::logger> logger_;
  const std::chrono::milliseconds backoff_cap_;
  event_engine::Counter* const disconnections_;
  event_engine::Counter* const down_milliseconds_;

  std::atomic<bool> up_{false};
  mutable std::mutex mutex_;
  bool ever_connected_ = false;
  bool down_reported_ = false;
  unsigned failed_attempts_ = 0;
  std::chrono::milliseconds backoff_ = first_backoff;
  Clock::time_point next_attempt_{};
  Clock::time_point down_since_{};
  Clock::time_point up_since_{};
};

}  // namespace redis_broker
