#include "reachability_probe.hpp"

namespace redis_broker {

bool ReachabilityProbe::reachable() {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (asked_ && now - asked_at_ < answer_lifetime) return reachable_;
  asked_ = true;
  asked_at_ = now;
  try {
    if (connection_ != nullptr && connection_->closed_by_peer()) connection_.reset();
    if (connection_ == nullptr) connection_ = std::make_unique<RedisConnection>(settings_);
    reachable_ = !connection_->command({"PING"}).is_error();
  } catch (const RedisError&) {
    connection_.reset();
    reachable_ = false;
  }
  return reachable_;
}

}  // namespace redis_broker
