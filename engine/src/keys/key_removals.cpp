#include "keys/key_removals.hpp"

#include <exception>
#include <utility>

namespace event_engine {

KeyRemovals::Answer KeyRemovals::remove(std::string key, std::chrono::milliseconds timeout) {
  std::future<Answer> answer;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(Request{std::move(key), {}});
    answer = requests_.back().done.get_future();
    pending_.store(true, std::memory_order_release);
  }
  if (answer.wait_for(timeout) != std::future_status::ready) return {Outcome::timed_out, {}};
  return answer.get();
}

void KeyRemovals::serve(const std::function<Answer(std::string_view key)>& remove_key) {
  std::vector<Request> waiting;
  {
    std::lock_guard lock(mutex_);
    waiting = std::exchange(requests_, {});
    pending_.store(false, std::memory_order_release);
  }
  for (Request& request : waiting) {
    try {
      request.done.set_value(remove_key(request.key));
    } catch (const std::exception& error) {
      request.done.set_value({Outcome::failed, error.what()});
    }
  }
}

}  // namespace event_engine
