// Requests to remove keys, from HTTP workers to the pipeline thread, which alone changes the keyed
// state: a worker posts a key and waits; the pipeline serves what waits between two batches.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace event_engine {

class KeyRemovals {
 public:
  enum class Outcome { removed, no_such_key, failed, timed_out };
  struct Answer {
    Outcome outcome = Outcome::failed;
    std::string error;  // failed: why
  };

  // Any thread: asks for `key`'s removal and waits at most `timeout` for the pipeline to make it.
  // After a timeout the request stays queued, so the key may still be removed.
  Answer remove(std::string key, std::chrono::milliseconds timeout);

  // Pipeline thread, once per batch: whether requests wait (one atomic load).
  bool pending() const noexcept { return pending_.load(std::memory_order_acquire); }
  // Pipeline thread: answers every waiting request with what `remove_key` says of its key.
  void serve(const std::function<Answer(std::string_view key)>& remove_key);

 private:
  struct Request {
    std::string key;
    std::promise<Answer> done;
  };

  std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<bool> pending_{false};
};

}  // namespace event_engine
