// A keyed pipeline's checkpoint: its keys, the model's snapshot of their states, and what was
// dropped. {"key_count": N, "keys": "each key followed by a newline", "state": the model's snapshot,
// "dropped": {"expired": E, "removed": R}, "last_seen": "unix seconds per key, each followed by ,"}.
// The keys are one string (a key holds no control character): at a million keys that is one JSON
// value of their bytes, where an array would be a million values, several times the memory.
// "last_seen" is there only with process.keys.idle_expiry, "decisions" (decisions/decision_log.hpp)
// only with process.decisions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "event_engine/copy_on_write_table.hpp"
#include "keys/key_directory.hpp"

namespace event_engine {

// Keys dropped from a state since it began, by cause.
struct DroppedKeys {
  std::uint64_t expired = 0;  // process.keys.idle_expiry
  std::uint64_t removed = 0;  // DELETE /keys, `event-engine keys remove`
};

// When each key last saw an event, in Unix seconds, by slot.
using LastSeenTable = CopyOnWriteTable<std::uint32_t, 4096>;

// The checkpoint of the first `count` keys of `keys`; `last_seen` may be null.
nlohmann::json write_keyed_checkpoint(const KeyDirectory& keys, std::uint32_t count, nlohmann::json state,
                                      const DroppedKeys& dropped, const LastSeenTable* last_seen,
                                      const nlohmann::json* decisions);

// Reads a keyed checkpoint's parts; each throws std::runtime_error naming what is wrong.
class KeyedCheckpointReader {
 public:
  // Checks the form; `max_keys` bounds the key count.
  KeyedCheckpointReader(const nlohmann::json& checkpoint, std::size_t max_keys);

  std::uint32_t count() const noexcept { return count_; }
  // The next key in slot order: count() calls, then finish().
  std::string_view next_key();
  // Throws when keys are left over.
  void finish() const;
  const nlohmann::json& state() const { return checkpoint_.at("state"); }
  DroppedKeys dropped() const;
  // The last-seen times of count() keys, or false when the checkpoint holds none.
  bool read_last_seen(LastSeenTable& table) const;
  // The decisions saved with the state; null when there are none.
  nlohmann::json decisions() const;

 private:
  const nlohmann::json& checkpoint_;
  std::uint32_t count_ = 0;
  std::uint32_t read_ = 0;
  std::string_view names_;
};

}  // namespace event_engine
