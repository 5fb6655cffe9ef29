// Owns the model and keeps readers off it: the pipeline thread applies batches to the model, then
// publishes a const clone of it; HTTP handlers, render and checkpoint threads read the latest
// published clone. No lock is shared with apply(), so a slow reader (a heavy query, a plot) never
// holds up the stream, and apply() never waits for a reader. A reader keeps the clone it started
// with alive until it is done; a clone costs O(state) once per batch that changed the state.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "event_engine/model.hpp"
#include "keys/key_directory.hpp"
#include "keys/keyed_batch.hpp"

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
};

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
  ApplyResult apply_keyed(const KeyedBatch& batch, RejectedEvents& rejected) {
    const std::uint32_t published_keys = published()->key_count;
    const ApplyResult result = model_->apply_keyed(batch.values, batch.slots, keys_->size(), rejected);
    if (result.accepted > 0 || keys_->size() != published_keys) publish_as(version() + 1, published()->model);
    return result;
  }

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
  std::shared_ptr<const PublishedModel> published() const {
    return published_.load(std::memory_order_acquire);
  }

  // What a checkpoint holds; keyed: {"keys": [key of each slot], "state": the model's snapshot}.
  nlohmann::json snapshot() const;
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

  void publish_as(std::uint64_t next_version, std::shared_ptr<const Model> before) {
    // The clone's code lives in the plugin's library, which the model's deleter keeps loaded: the
    // clone's deleter holds the model, so a reader still holding a clone keeps the library too.
    std::unique_ptr<Model> clone = model_->clone();
    std::shared_ptr<const Model> readable(
        clone.release(), [keeps_library_loaded = model_](const Model* copy) { delete copy; });
    published_.store(
        std::make_shared<const PublishedModel>(PublishedModel{
            next_version, std::move(readable), std::move(before), keys_, keyed() ? keys_->size() : 0}),
        std::memory_order_release);
    version_.store(next_version, std::memory_order_release);
  }

  std::shared_ptr<Model> model_;
  std::shared_ptr<KeyDirectory> keys_;
  std::atomic<std::shared_ptr<const PublishedModel>> published_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace event_engine
