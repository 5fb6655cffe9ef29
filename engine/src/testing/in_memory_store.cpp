#include "testing/in_memory_store.hpp"

namespace event_engine {

std::optional<Checkpoint> InMemoryStore::load(std::string_view key) {
  std::lock_guard lock(mutex_);
  const auto found = checkpoints_.find(key);
  if (found == checkpoints_.end()) return std::nullopt;
  return found->second;
}

void InMemoryStore::save(std::string_view key, const Checkpoint& checkpoint) {
  std::lock_guard lock(mutex_);
  checkpoints_.insert_or_assign(std::string(key), checkpoint);
}

}  // namespace event_engine
