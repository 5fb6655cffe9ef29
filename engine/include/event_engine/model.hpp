// The model port: applies batches of events and describes its state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/api_version.hpp"
#include "event_engine/event_batch.hpp"
#include "event_engine/model_view.hpp"

namespace event_engine {

struct ApplyResult {
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
};

// Events of a batch that the model refused, by index; `reason` points to a static string.
struct Rejection {
  std::uint32_t index;
  const char* reason;
};

class RejectedEvents {
 public:
  void clear() noexcept { items_.clear(); }
  void add(std::uint32_t index, const char* reason) { items_.push_back({index, reason}); }
  const std::vector<Rejection>& items() const noexcept { return items_; }
  // In the order of the batch, for a caller that added them in two passes.
  void sort_by_index() {
    std::stable_sort(items_.begin(), items_.end(),
                     [](const Rejection& a, const Rejection& b) { return a.index < b.index; });
  }
  std::size_t size() const noexcept { return items_.size(); }

 private:
  std::vector<Rejection> items_;
};

using QueryParameters = std::map<std::string, std::string, std::less<>>;

// Thrown by Model::query; `status` is the HTTP status the engine answers with: 400 for a bad
// parameter, 404 for an unknown query, 409 when the state cannot answer it (e.g. impossible data).
class EVENT_ENGINE_API QueryError : public std::runtime_error {
 public:
  QueryError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

// Threading (plugin API version 2): apply() and restore() run on the pipeline thread only. After
// each batch that changed the state, the engine takes a clone() there and publishes it; every read
// (summary, view, query, snapshot) from HTTP, render and checkpoint threads runs on such a
// published clone, never on the model being applied to, and several may run on one clone at once.
// So apply() never waits for a reader and a reader never waits for apply(); a model needs no
// locking, but its const methods must be safe to call concurrently (no unsynchronised caches).
// A key a query over keys names, and its slot in the state asked (plugin API version 5).
struct NamedSlot {
  std::string key;
  std::uint32_t slot = 0;
};

class EVENT_ENGINE_API Model {
 public:
  virtual ~Model() = default;

  // Applies every acceptable event of the batch; the others are added to `rejected` and change
  // nothing. Per-event work must not allocate, lock or log.
  virtual ApplyResult apply(const EventBatch& batch, RejectedEvents& rejected) = 0;

  // An independent copy of the current state, for readers: later apply() and restore() calls on
  // this model must not change it. Called once per batch that changed the state, so it should
  // cost O(state) (parts that never change after construction may be shared, not copied).
  virtual std::unique_ptr<Model> clone() const = 0;

  // The complete state, exact enough that restore(snapshot()) continues bit-identically.
  virtual nlohmann::json snapshot() const = 0;
  // Throws std::runtime_error with a clear reason when the snapshot does not fit this model's config.
  virtual void restore(const nlohmann::json& snapshot) = 0;

  // What GET /model answers; `compact` leaves out large arrays. The compact summary is what a
  // poller asks for many times a second: the HTTP front answers it on its own thread, so it must
  // stay small and quick (no I/O, nothing that grows with the state).
  virtual nlohmann::json summary(bool compact) const = 0;

  virtual ModelView view() const = 0;

  // Mergeable state (plugin API version 3): a model whose state combines says so here, and then
  // merge() adds to this state the events that `snapshot` covers (a snapshot() of a model with the
  // same config, made over events disjoint from this state's). Merging the states of disjoint
  // event sets must give exactly the state of their union, in any order and grouping, with a fresh
  // model (the prior alone) as the identity: so a group of engines, each applying a share of one
  // stream, answers as one model. Throws std::runtime_error with the reason when the snapshot does
  // not fit (another config); the state is then unchanged. Runs on a model the engine made for
  // the purpose, never on the one being applied to.
  virtual bool mergeable() const noexcept { return false; }
  virtual void merge(const nlohmann::json& /*snapshot*/) {
    throw std::runtime_error("this model's state does not merge");
  }

  // Keyed state (plugin API version 4). With process.keys the engine turns each event into a key
  // and a value, and numbers the keys 0, 1, 2... (slots) in the order it first sees them; the
  // model keeps one state per slot, each exactly what the model would hold had it seen that key's
  // values alone. The engine calls use_keys() once, before anything else; a model that keeps keyed
  // state answers true, and from then on:
  // - apply_keyed() is called instead of apply(); slots[i] is the slot of values[i], below
  //   `slot_count`, and a slot not seen before starts from the prior. Per-event work must not
  //   allocate (beyond growing the table to `slot_count`), lock or log.
  // - clone() must cost what changed since the last clone, not the whole table: the engine
  //   publishes one per batch (copy-on-write chunks of the table, for instance).
  // - snapshot() and restore() cover every slot; summary() and view() describe the whole table
  //   (the engine asks per key with the *_of() calls below, for slots it has published).
  // - merge() adds another snapshot's slots to the same slots (the engine maps keys to slots).
  virtual bool use_keys() { return false; }
  virtual ApplyResult apply_keyed(const EventBatch& /*values*/, const std::vector<std::uint32_t>& /*slots*/,
                                  std::uint32_t /*slot_count*/, RejectedEvents& /*rejected*/) {
    throw std::logic_error("this model keeps no keyed state");
  }
  // How many values a slot's state has taken (n), for listings.
  virtual std::uint64_t events_of(std::uint32_t /*slot*/) const { return 0; }
  // GET /model?key=K, GET /model/<name>?key=K and /plot.png?key=K.
  virtual nlohmann::json summary_of(std::uint32_t /*slot*/, bool /*compact*/) const {
    throw std::logic_error("this model keeps no keyed state");
  }
  virtual ModelView view_of(std::uint32_t /*slot*/) const {
    throw std::logic_error("this model keeps no keyed state");
  }
  virtual nlohmann::json query_of(std::uint32_t /*slot*/, std::string_view name,
                                  const QueryParameters& /*parameters*/) const {
    throw QueryError(404, "this model answers no query named \"" + std::string(name) + "\" per key");
  }

  // Keyed state, continued (plugin API version 5), both on models the engine owns:
  // - merge_keyed() is merge() for a keyed snapshot: it adds the state of the snapshot's slot i to
  //   this state's slot slot_map[i], growing this table to `slot_count` (the engine maps the other
  //   snapshot's keys to this state's slots, so the same key merges into one state). Exact, as
  //   merge(); a refused snapshot (another config, or not slot_map.size() slots) changes nothing.
  // - keep_slots() drops every slot not in `kept` (increasing) and renumbers the rest: afterwards
  //   slot i holds what slot kept[i] held. Called on the pipeline thread when keys are removed or
  //   expire; it may cost O(kept).
  virtual void merge_keyed(const nlohmann::json& /*snapshot*/, const std::vector<std::uint32_t>& /*slot_map*/,
                           std::uint32_t /*slot_count*/) {
    throw std::runtime_error("this model's keyed state does not merge");
  }
  virtual void keep_slots(const std::vector<std::uint32_t>& /*kept*/) {
    throw std::runtime_error("this model cannot drop keys (Model::keep_slots)");
  }

  // Questions over several keys (plugin API version 5), such as comparing the variants of an
  // experiment: GET /model/<name> and /plot/<name>.png with ?a=A&b=B, ?keys=A,B,C or ?prefix=P.
  // The engine resolves the keys to their slots (answering 404 for an unknown one) and passes
  // them in the order asked, with the other parameters. Same errors as query().
  virtual nlohmann::json query_keys(std::string_view name, const std::vector<NamedSlot>& /*keys*/,
                                    const QueryParameters& /*parameters*/) const {
    throw QueryError(404, "this model answers no query named \"" + std::string(name) + "\" over keys");
  }
  virtual ModelView query_keys_view(std::string_view name, const std::vector<NamedSlot>& /*keys*/,
                                    const QueryParameters& /*parameters*/) const {
    throw QueryError(404, "this model draws no query named \"" + std::string(name) + "\" over keys");
  }

  // Named read-only questions (GET /model/<name>?...), e.g. posterior predictive draws.
  // Throws QueryError; the default knows no question.
  virtual nlohmann::json query(std::string_view name, const QueryParameters& /*parameters*/) const {
    throw QueryError(404, "this model answers no query named \"" + std::string(name) + "\"");
  }

  // A query's answer as a picture (GET /plot/<name>.png?...), e.g. the posterior predictive
  // histogram as bars. Same parameters and errors as query(); the default draws no query.
  virtual ModelView query_view(std::string_view name, const QueryParameters& /*parameters*/) const {
    throw QueryError(404, "this model draws no query named \"" + std::string(name) + "\"");
  }
};

}  // namespace event_engine
