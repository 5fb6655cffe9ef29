// Answers "does Redis answer?" for /readyz where no long-lived connection tells: a PING on a
// connection of its own, at most once per second, the answer cached in between. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "connection_settings.hpp"
#include "redis_connection.hpp"

namespace redis_broker {

class ReachabilityProbe {
 public:
  explicit ReachabilityProbe(ConnectionSettings settings) : settings_(std::move(settings)) {}

  bool reachable();

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds answer_lifetime{1000};

  const ConnectionSettings settings_;
  std::mutex mutex_;
  std::unique_ptr<RedisConnection> connection_;
  bool reachable_ = false;
  bool asked_ = false;
  Clock::time_point asked_at_{};
};

}  // namespace redis_broker
