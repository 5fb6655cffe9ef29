#include "link_state.hpp"

#include <algorithm>

namespace redis_broker {

LinkState::LinkState(std::string role, std::string server, std::shared_ptr<spdlog::logger> logger,
                     std::chrono::milliseconds backoff_cap, event_engine::Counter* disconnections,
                     event_engine::Counter* down_milliseconds)
    : role_(std::move(role)),
      server_(std::move(server)),
      logger_(std::move(logger)),
      backoff_cap_(std::max(backoff_cap, first_backoff)),
      disconnections_(disconnections),
      down_milliseconds_(down_milliseconds) {}

std::chrono::milliseconds LinkState::wait_before_attempt() const {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (now >= next_attempt_) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(next_attempt_ - now);
}

void LinkState::connected() {
  std::lock_guard lock(mutex_);
  if (up_.load(std::memory_order_relaxed)) return;
  const auto now = Clock::now();
  if (!ever_connected_) {
    logger_->info("redis {}: connected to {}", role_, server_);
  } else {
    const auto down_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - down_since_);
    if (down_milliseconds_ != nullptr) down_milliseconds_->add(static_cast<std::uint64_t>(down_for.count()));
    logger_->info("redis {}: reconnected to {} after {:.1f} s down ({} failed attempts)", role_, server_,
                  static_cast<double>(down_for.count()) / 1000.0, failed_attempts_);
  }
  ever_connected_ = true;
  down_reported_ = false;
  failed_attempts_ = 0;
  up_since_ = now;
  next_attempt_ = now;
  up_.store(true, std::memory_order_release);
}

void LinkState::failed(const std::string& reason) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  const bool was_up = up_.exchange(false, std::memory_order_acq_rel);
  if (was_up) {
    down_since_ = now;
    if (disconnections_ != nullptr) disconnections_->add();
    // A link that fails soon after each reconnection (a command Redis keeps refusing) keeps its
    // growing backoff rather than retrying ten times a second.
    if (now - up_since_ >= backoff_cap_) backoff_ = first_backoff;
  }
  ++failed_attempts_;
  if (!down_reported_) {
    logger_->warn("redis {}: {}; {} with backoff up to {} ms", role_, reason,
                  ever_connected_ ? "reconnecting" : "retrying", backoff_cap_.count());
    down_reported_ = true;
  } else {
    logger_->debug("redis {}: attempt {} failed: {}", role_, failed_attempts_, reason);
  }
  next_attempt_ = now + backoff_;
  backoff_ = std::min(backoff_ * 2, backoff_cap_);
}

}  // namespace redis_broker
