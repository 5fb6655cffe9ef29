// The store port: keeps the latest checkpoint of a pipeline.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/api_version.hpp"
#include "event_engine/transient_error.hpp"

namespace event_engine {

struct Checkpoint {
  nlohmann::json model;  // Model::snapshot()
  std::string position;  // broker position of the last event the snapshot covers
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  // Plugin API version 3: when the store saved it, in milliseconds since the Unix epoch, as load()
  // read it back (0: unknown; save() ignores it and stamps its own time). A group's view shows
  // how old each member's checkpoint is.
  std::uint64_t saved_at_unix_ms = 0;
  // Model::summary(false) at the same state, for a store that keeps a readable copy of it besides
  // the checkpoint (the redis store's seed hash); null unless the store's wants_summary() says so.
  // Never read back by load().
  nlohmann::json summary{};
};

class EVENT_ENGINE_API Store {
 public:
  virtual ~Store() = default;
  // Nothing stored yet -> nullopt. Unreadable or corrupt -> throws std::runtime_error naming where.
  // Plugin API version 6: unavailable for now (unreachable, no leader) -> throws TransientError
  // (transient_error.hpp), which the engine's start waits out.
  virtual std::optional<Checkpoint> load(std::string_view key) = 0;
  // Atomic: a reader (or a crash) sees the old checkpoint or the new one, never a mix. Throws as
  // load() does.
  virtual void save(std::string_view key, const Checkpoint& checkpoint) = 0;
  // True while the store can be written; reported by /readyz.
  virtual bool reachable() const = 0;

  // Whether save() wants Checkpoint::summary filled in (it costs the model a summary per checkpoint).
  virtual bool wants_summary() const noexcept { return false; }

  // Plugin API version 3, for groups of engines that each checkpoint under their own key: every
  // stored key that starts with `prefix`, sorted; and removing one key (true if it was there).
  // A store that cannot list or remove keeps these defaults, which throw std::runtime_error.
  virtual std::vector<std::string> keys(std::string_view /*prefix*/) {
    throw std::runtime_error("this store cannot list its checkpoints");
  }
  virtual bool remove(std::string_view /*key*/) {
    throw std::runtime_error("this store cannot remove a checkpoint");
  }
};

}  // namespace event_engine
