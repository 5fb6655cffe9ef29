#include "pipeline/checkpoint_health.hpp"

namespace event_engine {

void CheckpointHealth::saved() {
  std::lock_guard lock(mutex_);
  failing_since_.reset();
  last_error_.clear();
}

void CheckpointHealth::failed(const std::string& error) {
  std::lock_guard lock(mutex_);
  if (!failing_since_) failing_since_ = Clock::now();
  last_error_ = error;
}

std::string CheckpointHealth::not_ready_reason(std::chrono::milliseconds bound, Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (!failing_since_ || now - *failing_since_ < bound) return {};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - *failing_since_).count();
  return "checkpoints failing for " + std::to_string(seconds) + " s: " + last_error_;
}

}  // namespace event_engine
