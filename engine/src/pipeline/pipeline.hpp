// The pipeline loop: poll a batch -> apply -> publish the state for readers -> dead-letter the
// rejected -> checkpoint when due -> wake the visualisers. One thread; batches are the unit of
// every step. Checkpoints are saved by a CheckpointWriter thread and committed to the broker here
// once saved.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "decisions/decision_log.hpp"
#include "decisions/decision_maker.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/metrics.hpp"
#include "event_engine/store.hpp"
#include "keys/event_key_decoder.hpp"
#include "keys/key_removals.hpp"
#include "keys/keyed_batch.hpp"
#include "observability/rate_limited_log.hpp"
#include "pipeline/checkpoint_health.hpp"
#include "pipeline/checkpoint_writer.hpp"
#include "pipeline/dead_letter_sink.hpp"
#include "pipeline/model_host.hpp"
#include "pipeline/render_loop.hpp"

namespace event_engine {

using Clock = std::chrono::steady_clock;

// How far a pipeline got: what its last checkpoint covers once it has drained.
struct PipelineProgress {
  std::string position;  // the broker's, of the last event applied; empty before any
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
};

class Pipeline {
 public:
  // `key_removals` (keyed pipelines; may be null) brings operators' removals of keys to this
  // pipeline's thread; `decisions` (with process.decisions; may be null otherwise) keeps the
  // decisions made, for the checkpoint and GET /decisions; `checkpoint_health` (may be null) hears
  // of every save's outcome, for /readyz.
  Pipeline(const ProcessConfig& config, Broker& broker, ModelHost& model, Store* store, Metrics& metrics,
           std::shared_ptr<spdlog::logger> logger, KeyRemovals* key_removals = nullptr,
           DecisionLog* decisions = nullptr, CheckpointHealth* checkpoint_health = nullptr);

  // Restores the model from the stored checkpoint and subscribes from its position; with
  // `reset_state`, saves the prior as the checkpoint instead (the old one kept aside, named in the
  // log). Throws std::runtime_error when the checkpoint cannot be read, saved or does not fit.
  void start(bool reset_state);
  // start() in its two steps, which a start that waits for its store and broker retries apart:
  // the model restored from the store (or the prior saved over it), then the broker subscribed
  // from the checkpoint's position. Either throws TransientError while its plugin is unavailable.
  void restore(bool reset_state);
  void subscribe();

  // Instead of start(), after a reload: carries on from where the drained previous pipeline
  // stopped (`progress`), saving that state as the checkpoint at once (the store or its key may
  // be new). With `subscribe` (a new broker) it subscribes, from the position when
  // `from_position` (the same broker plugin, so the position is one it knows); an unchanged
  // broker is still subscribed and keeps what it queued meanwhile.
  void resume(const PipelineProgress& progress, bool subscribe, bool from_position);

  PipelineProgress progress() const { return {last_position_, accepted_total_, rejected_total_}; }

  // Render loops to wake after each batch; set after start() so the first render shows the
  // restored state.
  void set_renderers(std::vector<RenderLoop*> renderers) { renderers_ = std::move(renderers); }

  // Runs until `stop_requested` becomes true.
  void run(const std::atomic<bool>& stop_requested);

  // After ingestion has stopped: applies what is still queued, then writes the final checkpoint.
  void drain_and_checkpoint();

  // Without draining: saves what has been applied as the checkpoint, and waits until it is saved
  // and committed. What the broker still holds stays there for whoever polls it next.
  void checkpoint_applied();

 private:
  std::size_t process_one_batch(std::chrono::milliseconds timeout);
  // The entries the broker refused for their size: dead-lettered and counted, never applied; a
  // batch of nothing else still moves the position past them, so the next commit acknowledges them.
  void keep_oversized(std::size_t polled);
  // Keyed: splits the batch into keys and values and applies each value to its key's state; the
  // events refused for their key and the values the model refused end in rejected_, by their
  // index in the polled batch.
  ApplyResult apply_keyed();
  // Keyed, between batches: removes the keys operators asked to remove, and drops idle ones when a
  // sweep is due (process.keys.idle_expiry).
  void maintain_keys();
  // After keys were dropped: the metrics, the readers and the next checkpoint hear of it.
  void keys_dropped();
  // process.decisions, between batches when due: evaluates the rules on the published state; a
  // new decision is saved in a checkpoint before it is published, so that a restart never makes
  // it again; what is saved and not yet published is published.
  void make_decisions();
  // Saves a checkpoint of the state applied so far and waits for it; whether it was saved.
  bool checkpoint_and_wait();
  bool checkpoint_due() const;
  // Hands a snapshot to the writer (or, without a store, commits at once).
  void checkpoint();
  // Commits what the writer saved; events of a failed save count towards the next checkpoint.
  void settle_saved_checkpoints();

  const ProcessConfig& config_;
  Broker& broker_;
  ModelHost& model_;
  Store* store_;
  std::vector<RenderLoop*> renderers_;
  std::shared_ptr<spdlog::logger> logger_;
  DeadLetterSink dead_letter_;
  RateLimitedLog rejected_log_;
  RateLimitedLog failure_log_;

  EventBatch batch_;
  RejectedEvents rejected_;
  std::optional<EventKeyDecoder> key_decoder_;
  KeyedBatch keyed_;
  RejectedEvents rejected_values_;
  std::string last_position_;
  // Where restore() found the broker should resume: the stored checkpoint's position, if any.
  std::optional<std::string> subscribe_from_;
  std::uint64_t accepted_total_ = 0;
  std::uint64_t rejected_total_ = 0;
  std::uint64_t events_since_checkpoint_ = 0;
  Clock::time_point last_checkpoint_ = Clock::now();

  Counter& polled_;
  Counter& applied_;
  Counter& rejected_counter_;
  Counter& dead_letter_failures_;
  Counter& oversized_;
  Counter& checkpoints_;
  Counter& checkpoint_failures_;
  Histogram& batch_size_;
  Histogram& apply_seconds_;
  Histogram& checkpoint_seconds_;
  Histogram& event_age_seconds_;
  Gauge& keys_;
  Counter& key_refusals_;
  Counter& keys_expired_;
  KeyRemovals* key_removals_;
  Counter& keys_removed_;
  Clock::time_point next_idle_sweep_{};
  DecisionLog* decision_log_;
  std::optional<DecisionMaker> decision_maker_;
  Clock::time_point next_decision_check_{};
  std::uint64_t decided_version_ = 0;
  bool last_save_ok_ = false;
  CheckpointHealth* checkpoint_health_;
  // Last: its thread stops, after saving what waits, before anything it uses is destroyed.
  std::optional<CheckpointWriter> writer_;
};

}  // namespace event_engine
