// One shared_ptr that the pipeline thread replaces while other threads copy it. A mutex held for a
// pointer copy rather than std::atomic<std::shared_ptr>: libstdc++ 12's atomic load() releases its
// lock bit with relaxed order, so a store after a load formally races with the load's read of the
// pointer (ThreadSanitizer reports it). Uncontended, the mutex costs nanoseconds, once per batch
// and once per read; nothing but the copy runs under it, and the value replaced is released after.
#pragma once

#include <memory>
#include <mutex>

namespace event_engine {

template <typename T>
class SharedSlot {
 public:
  std::shared_ptr<T> load() const {
    std::lock_guard lock(mutex_);
    return value_;
  }

  void store(std::shared_ptr<T> value) {
    {
      std::lock_guard lock(mutex_);
      value_.swap(value);
    }
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<T> value_;
};

}  // namespace event_engine
