// Owns the model and serialises access to it: the pipeline applies batches while HTTP handlers
// and render threads read summaries and views. One lock per batch, never per event.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "event_engine/model.hpp"

namespace event_engine {

class ModelHost {
 public:
  explicit ModelHost(std::shared_ptr<Model> model) : model_(std::move(model)) {}

  ApplyResult apply(const EventBatch& batch, RejectedEvents& rejected) {
    std::lock_guard lock(mutex_);
    const ApplyResult result = model_->apply(batch, rejected);
    if (result.accepted > 0) version_.fetch_add(1, std::memory_order_release);
    return result;
  }

  void restore(const nlohmann::json& snapshot) {
    std::lock_guard lock(mutex_);
    model_->restore(snapshot);
    version_.fetch_add(1, std::memory_order_release);
  }

  nlohmann::json snapshot() const {
    std::lock_guard lock(mutex_);
    return model_->snapshot();
  }

  nlohmann::json summary(bool compact) const {
    std::lock_guard lock(mutex_);
    return model_->summary(compact);
  }

  nlohmann::json query(std::string_view name, const QueryParameters& parameters) const {
    std::lock_guard lock(mutex_);
    return model_->query(name, parameters);
  }

  ModelView view() const {
    std::lock_guard lock(mutex_);
    return model_->view();
  }

  // Changes whenever the model's state changes; readers use it to skip unchanged states.
  std::uint64_t version() const noexcept { return version_.load(std::memory_order_acquire); }

 private:
  std::shared_ptr<Model> model_;
  mutable std::mutex mutex_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace event_engine
