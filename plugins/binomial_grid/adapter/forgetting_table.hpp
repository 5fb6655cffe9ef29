// The keyed state of a binomial_grid model with forgetting: each key's discounted W and L, its
// events seen and, by the clock, its last update time (math/stabilised_forgetting.hpp), in a
// copy-on-write table; and how the table is written to and read from a keyed snapshot.
//
// The "keyed" part of its snapshot: {"keys": K, "w": "W of slot 0,W of slot 1,...,", "l": "...",
// "n": "events of slot 0,...,"} and with half_life_seconds "t": "last update of slot 0 in ns since
// the Unix epoch,...,". W and L are written shortest (std::to_chars), which reads back to the
// same bits, so a restored table continues bit-identically.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "event_engine/copy_on_write_table.hpp"
#include "event_engine/event_batch.hpp"
#include "event_engine/model.hpp"
#include "math/stabilised_forgetting.hpp"
#include "math/trial_tokens.hpp"

namespace binomial_grid {

class ForgettingTable {
 public:
  explicit ForgettingTable(Forgetting forgetting);

  // Each value to its slot's counts, in the order of the batch; values that are not a success or
  // failure token go to `rejected`. By the clock, every event of the batch takes the batch's time:
  // its send time when the broker gave one, else now (the system clock, read once).
  event_engine::ApplyResult apply(const event_engine::EventBatch& values,
                                  const std::vector<std::uint32_t>& slots, std::uint32_t slot_count,
                                  const TrialTokens& tokens, event_engine::RejectedEvents& rejected);

  std::uint32_t size() const noexcept { return counts_.size(); }
  // A slot's counts; a slot beyond size() has seen nothing.
  DiscountedCounts counts_of(std::uint32_t slot) const noexcept;
  // Every key's events, added up.
  std::uint64_t events() const noexcept { return events_; }

  void keep_slots(const std::vector<std::uint32_t>& kept);

  // The snapshot's "keyed" object, and restoring the table it holds from one whose "keys" is
  // present; restore_keyed throws std::runtime_error saying what does not fit, changing nothing.
  nlohmann::json keyed_json() const;
  void restore_keyed(const nlohmann::json& keyed);

 private:
  Forgetting forgetting_;
  double discount_per_event_;
  event_engine::CopyOnWriteTable<DiscountedCounts> counts_;
  std::uint64_t events_ = 0;
};

}  // namespace binomial_grid
