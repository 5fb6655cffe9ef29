// A store that keeps checkpoints in memory, for `event-engine test`: the pipeline checkpoints as it
// would into a file or Redis, and the case can restore a fresh model from what was saved.
#pragma once

#include <map>
#include <mutex>

#include "event_engine/store.hpp"

namespace event_engine {

class InMemoryStore final : public Store {
 public:
  std::optional<Checkpoint> load(std::string_view key) override;
  void save(std::string_view key, const Checkpoint& checkpoint) override;
  bool reachable() const override { return true; }

 private:
  std::mutex mutex_;  // the checkpoint writer saves on its own thread
  std::map<std::string, Checkpoint, std::less<>> checkpoints_;
};

}  // namespace event_engine
