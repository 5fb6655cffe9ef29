// Owns the model and keeps readers off it: the pipeline thread applies batches to the model, then
// publishes a const clone of it; HTTP handlers, render and checkpoint threads read the latest
// published clone. No lock is held while applying or reading: the only one, in SharedSlot, covers
// the copy of the pointer to the latest clone, so a slow reader (a heavy query, a plot) never holds
// up the stream, and apply() never waits for a reader. A reader keeps the clone it started with
// alive until it is done; a clone costs O(state) once per batch that changed the state.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "event_engine/model.hpp"
#include "keys/key_directory.hpp"
#include "keys/keyed_batch.hpp"
#include "keys/keyed_checkpoint.hpp"
#include "pipeline/shared_slot.hpp"

namespace event_engine {

// One published state: what readers see, and the version it belongs to.
struct PublishedModel {
  std::uint64_t version = 0;
  std::shared_ptr<const Model> model;
  // The state published before this one by apply(), so that /plot.png can show what the latest
  // batch did; null for the first state and after a restore.
  std::shared_ptr<const Model> before;
  // A keyed pipeline's keys: the model's state covers the first `key_count` slots of `keys`. The
  // directory only grows while it is published, so a reader reads keys below key_count unlocked.
  std::shared_ptr<const KeyDirectory> keys;
  std::uint32_t key_count = 0;
  DroppedKeys dropped;
};

// The checkpoint of one published state: the model's snapshot, or for a keyed state its keys,
// their states and what was dropped (keyed_checkpoint.hpp); `last_seen` may be null.
nlohmann::json checkpoint_snapshot(const PublishedModel& state, const LastSeenTable* last_seen,
                                   const nlohmann::json* decisions);

class ModelHost {
 public:
  explicit ModelHost(std::shared_ptr<Model> model) : model_(std::move(model)) { publish_as(0, nullptr); }

  // Before anything else: the model keeps a state per key, for at most `max_keys` keys. Throws
  // std::runtime_error when the model keeps no keyed state.
  void use_keys(std::size_t max_keys) {
    if (!model_->use_keys()) throw std::runtime_error("this model plugin keeps no keyed state");
    keys_ = std::make_shared<KeyDirectory>(max_keys);
    publish_as(version() + 1, nullptr);
  }
  bool keyed() const noexcept { return keys_ != nullptr; }
  // Pipeline thread, after use_keys(): remember when each key last saw an event, for
  // process.keys.idle_expiry (the checkpoint keeps it).
  void track_idle_keys() { tracks_idle_ = true; }
  // Pipeline thread, keyed: the decisions (DecisionLog::to_checkpoint) the next checkpoint holds.
  void set_decisions(nlohmann::json decisions) {
    decisions_ = std::make_shared<const nlohmann::json>(std::move(decisions));
  }
  // Pipeline thread: the decisions the last restored checkpoint held; null when none.
  const nlohmann::json& restored_decisions() const noexcept { return restored_decisions_; }
  // Pipeline thread only: the directory the decoder adds keys to.
  KeyDirectory& keys() noexcept { return *keys_; }

  // Pipeline thread only: apply() and restore() are never called concurrently. Applies the batch
  // and, when it changed the state, publishes the new state before returning: from then on
  // readers see it. Rejected events change nothing, so a batch with none accepted costs no clone.
  ApplyResult apply(const EventBatch& batch, RejectedEvents& rejected) {
    const ApplyResult result = model_->apply(batch, rejected);
    if (result.accepted > 0) publish_as(version() + 1, published()->model);
    return result;
  }

  // Pipeline thread only, keyed: as apply(), each value to its key's state. `rejected` gets the
  // refused values by their index in `batch.values`.
  // `now_unix_seconds` is when the batch arrived, for idle keys.
  ApplyResult apply_keyed(const KeyedBatch& batch, RejectedEvents& rejected, std::uint32_t now_unix_seconds) {
    const std::uint32_t published_keys = published()->key_count;
    const ApplyResult result = model_->apply_keyed(batch.values, batch.slots, keys_->size(), rejected);
    if (tracks_idle_) {
      last_seen_.resize(keys_->size());
      for (const std::uint32_t slot : batch.slots) last_seen_.write(slot) = now_unix_seconds;
    }
    if (result.accepted > 0 || keys_->size() != published_keys) publish_as(version() + 1, published()->model);
    return result;
  }

  // Pipeline thread, keyed: drops the keys that saw no event since `oldest_kept_unix_seconds`;
  // how many. Costs O(keys) to find them, and when any expire, O(keys) to rebuild the directory.
  std::uint32_t expire_keys_idle_since(std::uint32_t oldest_kept_unix_seconds);
  // Pipeline thread, keyed: drops `key`'s state; false when there is no such key.
  bool remove_key(std::string_view key);

  // Pipeline thread only. Readers see the restored state from then on. A keyed host takes the
  // checkpoint snapshot() made: the keys, then the model's state of them.
  void restore(const nlohmann::json& snapshot) {
    if (keyed()) {
      restore_keyed(snapshot);
    } else {
      model_->restore(snapshot);
    }
    publish_as(version() + 1, nullptr);
  }

  // The latest published state, whole: its version and model agree. Any thread; never blocks on
  // apply().
  std::shared_ptr<const PublishedModel> published() const { return published_.load(); }

  // What a checkpoint holds, of the latest published state (checkpoint_snapshot).
  nlohmann::json snapshot() const;
  // Pipeline thread: the same, made later on another thread (the checkpoint writer's), so that
  // serialising a large state never stalls apply. Taking it costs O(chunks of the state).
  std::function<nlohmann::json()> snapshot_later() const;
  nlohmann::json summary(bool compact) const { return published()->model->summary(compact); }
  nlohmann::json query(std::string_view name, const QueryParameters& parameters) const {
    return published()->model->query(name, parameters);
  }
  // Keyed: the posteriors of the keys with the most events, one series each, named by key.
  ModelView view() const;

  // Changes whenever the published state changes; readers use it to skip unchanged states. It is
  // stored after the state it numbers, so a reader that sees version v then reads a state at
  // least as new as v.
  std::uint64_t version() const noexcept { return version_.load(std::memory_order_acquire); }

 private:
  void restore_keyed(const nlohmann::json& snapshot);
  // Keeps only the `kept` slots' keys and states (increasing), renumbered, and publishes them.
  void keep_keys(const std::vector<std::uint32_t>& kept);

  void publish_as(std::uint64_t next_version, std::shared_ptr<const Model> before) {
    // The clone's code lives in the plugin's library, which the model's deleter keeps loaded: the
    // clone's deleter holds the model, so a reader still holding a clone keeps the library too.
    std::unique_ptr<Model> clone = model_->clone();
    std::shared_ptr<const Model> readable(
        clone.release(), [keeps_library_loaded = model_](const Model* copy) { delete copy; });
    published_.store(std::make_shared<const PublishedModel>(PublishedModel{
        next_version, std::move(readable), std::move(before), keys_, keyed() ? keys_->size() : 0, dropped_}));
    version_.store(next_version, std::memory_order_release);
  }

  std::shared_ptr<Model> model_;
  std::shared_ptr<KeyDirectory> keys_;
  DroppedKeys dropped_;
  bool tracks_idle_ = false;
  LastSeenTable last_seen_;
  std::shared_ptr<const nlohmann::json> decisions_;
  nlohmann::json restored_decisions_;
  SharedSlot<const PublishedModel> published_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace event_engine
