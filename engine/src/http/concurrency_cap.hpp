// A count of heavy requests in progress (model queries, plot rendering) with a cap: beyond it a
// request is answered 429 at once rather than queued behind the others.
#pragma once

#include <atomic>
#include <cstddef>

namespace event_engine {

class ConcurrencyCap {
 public:
  explicit ConcurrencyCap(std::size_t limit) : limit_(limit) {}

  class Slot {
   public:
    explicit Slot(ConcurrencyCap* cap) : cap_(cap) {}
    Slot(Slot&& other) noexcept : cap_(other.cap_) { other.cap_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (cap_ != nullptr) cap_->in_use_.fetch_sub(1, std::memory_order_release);
    }
    explicit operator bool() const noexcept { return cap_ != nullptr; }

   private:
    ConcurrencyCap* cap_;
  };

  // A held slot, or an empty one when `limit` requests are already in progress.
  Slot try_acquire() noexcept {
    std::size_t current = in_use_.load(std::memory_order_relaxed);
    while (current < limit_) {
      if (in_use_.compare_exchange_weak(current, current + 1, std::memory_order_acquire)) return Slot(this);
    }
    return Slot(nullptr);
  }

  std::size_t limit() const noexcept { return limit_; }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace event_engine
