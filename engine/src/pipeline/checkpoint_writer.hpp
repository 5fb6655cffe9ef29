// Saves checkpoints on a thread of its own, so that a store's fsync or round trip never stalls
// consumption: at millions of events per second a pipeline that waited for the disk after every
// batch would spend most of its time there while events piled up in the broker's queue. One
// checkpoint is saved at a time and at most one waits; the pipeline offers the next only when the
// slot is free, and commits a position to the broker only once the checkpoint covering it is saved.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "event_engine/metrics.hpp"
#include "event_engine/store.hpp"

namespace event_engine {

class CheckpointWriter {
 public:
  // What became of one offered checkpoint.
  struct Outcome {
    std::string position;              // to commit to the broker once saved
    std::uint64_t events = 0;          // the events it covered that no earlier checkpoint did
    std::optional<std::string> error;  // why it was not saved: those events still need one
  };

  CheckpointWriter(Store& store, std::string key, Counter& saved, Counter& failed, Histogram& save_seconds);
  // Saves what waits, then stops.
  ~CheckpointWriter();

  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // True when no checkpoint waits for its turn.
  bool can_take() const;
  // `make` runs on the writer's thread (serialising a large state there, not on the pipeline's);
  // `position` is the one it covers, committed once it is saved.
  void offer(std::function<Checkpoint()> make, std::string position, std::uint64_t events);
  // The outcomes since the last call, oldest first.
  std::vector<Outcome> take_outcomes();
  // Returns once nothing waits and nothing is being saved.
  void wait_until_idle();

 private:
  struct Offered {
    std::function<Checkpoint()> make;
    std::string position;
    std::uint64_t events = 0;
  };

  void save_offered_checkpoints();
  Outcome save(const Offered& offered);

  Store& store_;
  const std::string key_;
  Counter& saved_;
  Counter& failed_;
  Histogram& save_seconds_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Offered> waiting_;
  bool saving_ = false;
  bool stopping_ = false;
  std::vector<Outcome> outcomes_;
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace event_engine
