#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "event_engine/kill_point.hpp"
#include "event_engine/transient_error.hpp"

namespace event_engine {
namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<double> powers_of_four(double first, int count) {
  std::vector<double> bounds;
  for (double bound = first; count-- > 0; bound *= 4) bounds.push_back(bound);
  return bounds;
}

// 1, 2, 5 per decade from 10 us to 10 s: fine enough to read a p99 near a millisecond.
std::vector<double> one_two_five_seconds() {
  return {1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1, 2, 5, 10};
}

// Seconds from a sender's timestamp to now; a sender's clock ahead of ours counts as no age.
std::uint32_t unix_seconds_now() {
  return static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

double seconds_since_unix_ns(std::uint64_t sent_at_unix_ns) {
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto age_ns = now - static_cast<std::int64_t>(sent_at_unix_ns);
  return age_ns > 0 ? static_cast<double>(age_ns) * 1e-9 : 0.0;
}

// --reset-state has to last: the prior is saved over the stored checkpoint before the engine says
// it is running, so a stop before the first event does not bring the old state back. A checkpoint
// that covered events is first kept under "<key>.before-reset"; one that covered none (a second
// reset in a row) is not, so it never replaces the state worth keeping.
void save_prior_over_stored_checkpoint(Store& store, const std::string& key, const ModelHost& model,
                                       spdlog::logger& logger) {
  std::optional<Checkpoint> stored;
  try {
    stored = store.load(key);
  } catch (const TransientError&) {
    throw;  // the start waits for the store and reads it again
  } catch (const std::exception& error) {
    logger.warn("--reset-state: the stored checkpoint '{}' cannot be read ({}); it is replaced, not kept",
                key, error.what());
  }
  if (stored && (stored->accepted > 0 || stored->rejected > 0 || !stored->position.empty())) {
    const std::string kept = key + ".before-reset";
    store.save(kept, *stored);
    logger.info("--reset-state: the checkpoint '{}' ({} events applied, {} rejected) is kept as '{}'", key,
                stored->accepted, stored->rejected, kept);
  }
  Checkpoint prior{model.snapshot(), "", 0, 0};
  if (store.wants_summary()) prior.summary = model.summary(false);
  store.save(key, prior);
  logger.info("--reset-state: starting from the prior, saved as checkpoint '{}'", key);
}

}  // namespace

Pipeline::Pipeline(const ProcessConfig& config, Broker& broker, ModelHost& model, Store* store,
                   Metrics& metrics, std::shared_ptr<spdlog::logger> logger, KeyRemovals* key_removals,
                   DecisionLog* decisions, CheckpointHealth* checkpoint_health)
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
      oversized_(metrics.counter("event_engine_entries_oversized_total",
                                 "Broker entries over the broker's max_message_bytes: never applied, kept "
                                 "(size and first bytes) in the dead-letter file, acknowledged")),
      checkpoints_(metrics.counter("event_engine_checkpoints_total", "Checkpoints saved")),
      checkpoint_failures_(
          metrics.counter("event_engine_checkpoint_failures_total", "Checkpoints that failed to save")),
      batch_size_(
          metrics.histogram("event_engine_batch_size", "Events per polled batch", powers_of_four(1, 10))),
      apply_seconds_(
          metrics.histogram("event_engine_apply_seconds",
                            "Time to apply one batch to the model and publish its state for readers",
                            powers_of_four(1e-6, 10))),
      checkpoint_seconds_(metrics.histogram("event_engine_checkpoint_seconds", "Time to save one checkpoint",
                                            powers_of_four(1e-5, 8))),
      event_age_seconds_(metrics.histogram(
          "event_engine_event_age_seconds",
          "Per batch whose sender stated a send time: the age of its oldest event once applied",
          one_two_five_seconds())),
      keys_(metrics.gauge("event_engine_keys", "Keys a keyed pipeline holds a state for (process.keys)")),
      key_refusals_(metrics.counter("event_engine_key_refusals_total",
                                    "Events refused for their key: none found, malformed, or new beyond "
                                    "process.keys.max_keys (kept in the dead-letter file)")),
      keys_expired_(metrics.counter("event_engine_keys_expired_total",
                                    "Keys dropped because they saw no event for process.keys.idle_expiry")),
      key_removals_(key_removals),
      keys_removed_(metrics.counter("event_engine_keys_removed_total",
                                    "Keys removed by an operator (DELETE /keys, event-engine keys remove)")),
      decision_log_(decisions),
      checkpoint_health_(checkpoint_health) {
  batch_.reserve(config.max_batch, config.max_batch * 4);
  if (config.keys) {
    if (!model_.keyed()) model_.use_keys(config.keys->max_keys);
    if (config.keys->idle_expiry) model_.track_idle_keys();
    key_decoder_.emplace(*config.keys);
    keyed_.values.reserve(config.max_batch, config.max_batch * 4);
    keyed_.slots.reserve(config.max_batch);
    keyed_.origins.reserve(config.max_batch);
  }
  if (config.decisions && decision_log_ != nullptr) {
    decision_maker_.emplace(*config.decisions, *decision_log_, broker_, metrics, logger_);
  }
  if (store_ != nullptr) {
    writer_.emplace(*store_, config_.checkpoint.key, checkpoints_, checkpoint_failures_, checkpoint_seconds_);
  }
}

void Pipeline::start(bool reset_state) {
  restore(reset_state);
  subscribe();
}

void Pipeline::restore(bool reset_state) {
  subscribe_from_.reset();
  if (store_ != nullptr && reset_state) {
    save_prior_over_stored_checkpoint(*store_, config_.checkpoint.key, model_, *logger_);
  } else if (store_ != nullptr) {
    if (std::optional<Checkpoint> stored = store_->load(config_.checkpoint.key)) {
      try {
        model_.restore(stored->model);
      } catch (const std::exception& error) {
        throw std::runtime_error("the stored checkpoint '" + config_.checkpoint.key +
                                 "' does not fit this model's config: " + error.what() +
                                 " (run with --reset-state to start from the prior)");
      }
      if (decision_log_ != nullptr) decision_log_->restore(model_.restored_decisions());
      subscribe_from_ = stored->position;
      last_position_ = stored->position;
      accepted_total_ = stored->accepted;
      rejected_total_ = stored->rejected;
      logger_->info("resumed from checkpoint '{}': {} events applied, {} rejected, position {}",
                    config_.checkpoint.key, accepted_total_, rejected_total_,
                    last_position_.empty() ? "(none)" : last_position_);
    }
  } else if (reset_state) {
    logger_->info("--reset-state: starting from the prior (no store, so nothing stored to replace)");
  }
}

void Pipeline::subscribe() { broker_.subscribe(config_.topics, subscribe_from_); }

void Pipeline::resume(const PipelineProgress& progress, bool subscribe, bool from_position) {
  last_position_ = progress.position;
  accepted_total_ = progress.accepted;
  rejected_total_ = progress.rejected;
  if (store_ != nullptr) {
    store_->save(config_.checkpoint.key,
                 Checkpoint{model_.snapshot(), last_position_, accepted_total_, rejected_total_});
    if (checkpoint_health_ != nullptr) checkpoint_health_->saved();
  }
  if (subscribe) {
    try {
      broker_.subscribe(config_.topics, from_position && store_ != nullptr
                                            ? std::optional<std::string>(last_position_)
                                            : std::nullopt);
    } catch (const TransientError& error) {
      // The broker stays subscribed in intent and completes it as it is polled (broker.hpp).
      logger_->warn("reload: the new broker cannot subscribe yet ({}); it keeps trying as it is polled",
                    error.what());
    }
  }
}

void Pipeline::run(const std::atomic<bool>& stop_requested) {
  while (!stop_requested.load(std::memory_order_relaxed)) {
    process_one_batch(config_.linger);
    if (key_decoder_) maintain_keys();
    if (decision_maker_) make_decisions();
    settle_saved_checkpoints();
    if (checkpoint_due()) checkpoint();
  }
}

void Pipeline::drain_and_checkpoint() {
  // Publishers are gone; what is still in flight arrives within a short quiet period.
  while (process_one_batch(std::chrono::milliseconds(50)) > 0) {
    settle_saved_checkpoints();
  }
  checkpoint_applied();
}

void Pipeline::checkpoint_applied() {
  if (writer_) writer_->wait_until_idle();
  settle_saved_checkpoints();
  if (events_since_checkpoint_ > 0) {
    checkpoint();
    if (writer_) writer_->wait_until_idle();
    settle_saved_checkpoints();
  }
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
  if (!batch_.oversized().empty()) keep_oversized(polled);
  if (polled == 0) return 0;

  const Clock::time_point apply_start = Clock::now();
  const ApplyResult result = key_decoder_ ? apply_keyed() : model_.apply(batch_, rejected_);
  apply_seconds_.observe(seconds_since(apply_start));
  if (batch_.sent_at_unix_ns() != 0)
    event_age_seconds_.observe(seconds_since_unix_ns(batch_.sent_at_unix_ns()));
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
  // Applied, and in no checkpoint yet: what a crash now must not lose.
  static KillPoint applied("applied");
  applied.pass([this] {
    return std::to_string(accepted_total_) + " events applied in all, up to position " + last_position_ +
           "; " + std::to_string(events_since_checkpoint_) + " of them in no checkpoint offered";
  });
  for (RenderLoop* renderer : renderers_) renderer->notify();
  return polled;
}

void Pipeline::keep_oversized(std::size_t polled) {
  const std::vector<OversizedEntry>& entries = batch_.oversized();
  oversized_.add(entries.size());
  rejected_log_.warn(entries.size(), "entries over the broker's max_message_bytes (" +
                                         std::to_string(entries.front().bound) + ") kept in " +
                                         dead_letter_.path().string() + "; the first was " +
                                         std::to_string(entries.front().size) + " bytes");
  try {
    dead_letter_.write_oversized(batch_);
  } catch (const std::exception& error) {
    dead_letter_failures_.add(entries.size());
    failure_log_.warn(entries.size(), error.what());
  }
  if (polled == 0 && !batch_.last_position().empty()) {
    last_position_ = batch_.last_position();
    events_since_checkpoint_ += entries.size();
  }
}

ApplyResult Pipeline::apply_keyed() {
  keyed_.clear();
  rejected_values_.clear();
  key_decoder_->decode(batch_, model_.keys(), keyed_, rejected_);
  const std::size_t refused_for_key = rejected_.size();
  ApplyResult result{0, 0};
  if (!keyed_.values.empty()) result = model_.apply_keyed(keyed_, rejected_values_, unix_seconds_now());
  for (const Rejection& rejection : rejected_values_.items()) {
    rejected_.add(keyed_.origins[rejection.index], rejection.reason);
  }
  if (refused_for_key > 0) key_refusals_.add(refused_for_key);
  keys_.set(static_cast<double>(model_.keys().size()));
  // The dead-letter file lists refusals in the order of the batch.
  if (refused_for_key > 0 && !rejected_values_.items().empty()) rejected_.sort_by_index();
  return {result.accepted, batch_.size() - result.accepted};
}

void Pipeline::maintain_keys() {
  if (key_removals_ != nullptr && key_removals_->pending()) {
    key_removals_->serve([this](std::string_view key) {
      if (!model_.remove_key(key)) return KeyRemovals::Answer{KeyRemovals::Outcome::no_such_key, {}};
      keys_removed_.add();
      logger_->info("removed key \"{}\" and its state", key);
      keys_dropped();
      return KeyRemovals::Answer{KeyRemovals::Outcome::removed, {}};
    });
  }
  const std::optional<std::chrono::seconds>& expiry = config_.keys->idle_expiry;
  if (!expiry || Clock::now() < next_idle_sweep_) return;
  // A sweep reads every key's last-seen time, so it runs at most 16 times per expiry period (and
  // at most once a second): a key is dropped within 1/16 of the period after it expired.
  next_idle_sweep_ = Clock::now() + std::max<Clock::duration>(std::chrono::seconds(1), *expiry / 16);
  const auto expired =
      model_.expire_keys_idle_since(unix_seconds_now() - static_cast<std::uint32_t>(expiry->count()));
  if (expired == 0) return;
  keys_expired_.add(expired);
  logger_->info("idle_expiry: dropped {} keys that saw no event for {} s", expired, expiry->count());
  keys_dropped();
}

void Pipeline::keys_dropped() {
  keys_.set(static_cast<double>(model_.keys().size()));
  // A change the next checkpoint must cover, though no event came: counted as one.
  ++events_since_checkpoint_;
  for (RenderLoop* renderer : renderers_) renderer->notify();
}

void Pipeline::make_decisions() {
  const Clock::time_point now = Clock::now();
  if (now < next_decision_check_) return;
  next_decision_check_ = now + config_.decisions->every;
  if (model_.version() != decided_version_) {
    decided_version_ = model_.version();
    if (decision_maker_->evaluate(*model_.published(), last_position_, accepted_total_) > 0) {
      model_.set_decisions(decision_log_->to_checkpoint());
      // Saved before published: a restart finds the decision made, and never makes it again. When
      // the save fails, it is published only once a later one succeeds.
      if (writer_ && !checkpoint_and_wait()) return;
    }
  }
  if (decision_maker_->publish_pending() > 0) {
    model_.set_decisions(decision_log_->to_checkpoint());
    // Saved at once that they were published: a restart republishes (with the same id) only what
    // a kill caught between a publish and this save. Should it fail, the next checkpoint says so.
    if (writer_ && !checkpoint_and_wait()) ++events_since_checkpoint_;
  }
}

bool Pipeline::checkpoint_and_wait() {
  writer_->wait_until_idle();
  settle_saved_checkpoints();
  checkpoint();
  writer_->wait_until_idle();
  settle_saved_checkpoints();
  return last_save_ok_;
}

bool Pipeline::checkpoint_due() const {
  if (events_since_checkpoint_ == 0) return false;
  // The writer still has one to save: the next snapshot waits, and covers more when it is taken.
  if (writer_ && !writer_->can_take()) return false;
  return events_since_checkpoint_ >= config_.checkpoint.every_events ||
         Clock::now() - last_checkpoint_ >= config_.checkpoint.every_ms;
}

void Pipeline::checkpoint() {
  last_checkpoint_ = Clock::now();
  if (writer_) {
    // Made on the writer's thread from the state published now, which covers last_position_.
    writer_->offer(
        [snapshot = model_.snapshot_later(), state = model_.published(), position = last_position_,
         accepted = accepted_total_, rejected = rejected_total_, with_summary = store_->wants_summary()] {
          Checkpoint due{snapshot(), position, accepted, rejected};
          if (with_summary) due.summary = state->model->summary(false);
          return due;
        },
        last_position_, events_since_checkpoint_);
    events_since_checkpoint_ = 0;
    return;
  }
  events_since_checkpoint_ = 0;
  if (!last_position_.empty()) broker_.commit(last_position_);
}

void Pipeline::settle_saved_checkpoints() {
  if (!writer_) return;
  for (const CheckpointWriter::Outcome& outcome : writer_->take_outcomes()) {
    last_save_ok_ = !outcome.error;
    if (checkpoint_health_ != nullptr) {
      if (outcome.error) {
        checkpoint_health_->failed(*outcome.error);
      } else {
        checkpoint_health_->saved();
      }
    }
    if (outcome.error) {
      // A later checkpoint must cover these events: count them again towards the next one.
      events_since_checkpoint_ += outcome.events;
      failure_log_.warn(1, "checkpoint not saved, will retry: " + *outcome.error);
    } else if (!outcome.position.empty()) {
      // Saved, and the broker not yet told: what a restart now must not apply twice.
      static KillPoint checkpoint_saved("checkpoint_saved");
      checkpoint_saved.pass([&outcome] {
        return "checkpoint saved up to position " + outcome.position + ", not yet committed to the broker";
      });
      broker_.commit(outcome.position);
    }
  }
}

}  // namespace event_engine
