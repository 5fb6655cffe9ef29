#include "pipeline.hpp"

#include <stdexcept>

namespace event_engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<double> powers_of_four(double first, int count) {
  std::vector<double> bounds;
  for (double bound = first; count-- > 0; bound *= 4) bounds.push_back(bound);
  return bounds;
}

}  // namespace

Pipeline::Pipeline(const ProcessConfig& config, Broker& broker, ModelHost& model, Store* store,
                   Metrics& metrics, std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      broker_(broker),
      model_(model),
      store_(store),
      logger_(logger),
      dead_letter_(config.dead_letter_path),
      rejected_log_(logger, std::chrono::seconds(1)),
      failure_log_(logger, std::chrono::seconds(5)),
      polled_(metrics.counter("event_engine_events_polled_total", "Events taken from the broker")),
      applied_(metrics.counter("event_engine_events_applied_total", "Events the model accepted and applied")),
      rejected_counter_(metrics.counter("event_engine_events_rejected_total",
                                        "Events the model rejected (kept in the dead-letter file)")),
      dead_letter_failures_(
          metrics.counter("event_engine_dead_letter_failures_total",
                          "Rejected events that could not be written to the dead-letter file")),
      checkpoints_(metrics.counter("event_engine_checkpoints_total", "Checkpoints saved")),
      checkpoint_failures_(
          metrics.counter("event_engine_checkpoint_failures_total", "Checkpoints that failed to save")),
      batch_size_(
          metrics.histogram("event_engine_batch_size", "Events per polled batch", powers_of_four(1, 10))),
      apply_seconds_(metrics.histogram("event_engine_apply_seconds", "Time to apply one batch to the model",
                                       powers_of_four(1e-6, 10))),
      checkpoint_seconds_(metrics.histogram("event_engine_checkpoint_seconds", "Time to save one checkpoint",
                                            powers_of_four(1e-5, 8))) {
  batch_.reserve(config.max_batch, config.max_batch * 4);
}

void Pipeline::start(bool reset_state) {
  std::optional<std::string> position;
  if (store_ != nullptr && !reset_state) {
    if (std::optional<Checkpoint> stored = store_->load(config_.checkpoint.key)) {
      try {
        model_.restore(stored->model);
      } catch (const std::exception& error) {
        throw std::runtime_error("the stored checkpoint '" + config_.checkpoint.key +
                                 "' does not fit this model's config: " + error.what() +
                                 " (run with --reset-state to start from the prior)");
      }
      position = stored->position;
      last_position_ = stored->position;
      accepted_total_ = stored->accepted;
      rejected_total_ = stored->rejected;
      logger_->info("resumed from checkpoint '{}': {} events applied, {} rejected, position {}",
                    config_.checkpoint.key, accepted_total_, rejected_total_,
                    position->empty() ? "(none)" : *position);
    }
  } else if (reset_state) {
    logger_->info(
        "--reset-state: starting from the prior; the stored checkpoint is replaced at the next save");
  }
  broker_.subscribe(config_.topics, position);
}

void Pipeline::run(const std::atomic<bool>& stop_requested) {
  while (!stop_requested.load(std::memory_order_relaxed)) {
    process_one_batch(config_.linger);
    if (checkpoint_due()) checkpoint();
  }
}

void Pipeline::drain_and_checkpoint() {
  // Publishers are gone; what is still in flight arrives within a short quiet period.
  while (process_one_batch(std::chrono::milliseconds(50)) > 0) {
  }
  if (events_since_checkpoint_ > 0) checkpoint();
}

std::size_t Pipeline::process_one_batch(std::chrono::milliseconds timeout) {
  batch_.clear();
  rejected_.clear();
  std::size_t polled = 0;
  try {
    polled = broker_.poll(batch_, config_.max_batch, timeout);
  } catch (const std::exception& error) {
    failure_log_.warn(1, std::string("broker poll failed: ") + error.what());
    return 0;
  }
  if (polled == 0) return 0;

  const Clock::time_point apply_start = Clock::now();
  const ApplyResult result = model_.apply(batch_, rejected_);
  apply_seconds_.observe(seconds_since(apply_start));
  batch_size_.observe(static_cast<double>(polled));
  polled_.add(polled);
  applied_.add(result.accepted);
  accepted_total_ += result.accepted;
  if (result.rejected > 0) {
    rejected_counter_.add(result.rejected);
    rejected_total_ += result.rejected;
    rejected_log_.warn(result.rejected, "rejected events kept in " + dead_letter_.path().string() +
                                            "; first reason: " + rejected_.items().front().reason);
    try {
      dead_letter_.write(batch_, rejected_);
    } catch (const std::exception& error) {
      dead_letter_failures_.add(rejected_.size());
      failure_log_.warn(rejected_.size(), error.what());
    }
  }
  last_position_ = batch_.last_position();
  events_since_checkpoint_ += polled;
  for (RenderLoop* renderer : renderers_) renderer->notify();
  return polled;
}

bool Pipeline::checkpoint_due() const {
  if (events_since_checkpoint_ == 0) return false;
  return events_since_checkpoint_ >= config_.checkpoint.every_events ||
         Clock::now() - last_checkpoint_ >= config_.checkpoint.every_ms;
}

void Pipeline::checkpoint() {
  const Clock::time_point start = Clock::now();
  last_checkpoint_ = start;
  if (store_ != nullptr) {
    try {
      store_->save(config_.checkpoint.key,
                   Checkpoint{model_.snapshot(), last_position_, accepted_total_, rejected_total_});
    } catch (const std::exception& error) {
      checkpoint_failures_.add();
      failure_log_.warn(1, std::string("checkpoint not saved, will retry: ") + error.what());
      return;
    }
    checkpoint_seconds_.observe(seconds_since(start));
    checkpoints_.add();
  }
  events_since_checkpoint_ = 0;
  if (!last_position_.empty()) broker_.commit(last_position_);
}

}  // namespace event_engine
