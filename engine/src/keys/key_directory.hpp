// The keys of a keyed pipeline, each numbered by a slot (0, 1, 2... in the order first seen): the
// pipeline thread adds keys, readers on other threads read those published so far. A model keeps
// its per-key state in a table indexed by slot, so per event the engine does one hash lookup and
// allocates nothing once a key is known.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace event_engine {

class KeyDirectory {
 public:
  static constexpr std::uint32_t no_slot = UINT32_MAX;

  explicit KeyDirectory(std::size_t max_keys);
  KeyDirectory(const KeyDirectory&) = delete;
  KeyDirectory& operator=(const KeyDirectory&) = delete;

  // Pipeline thread. The key's slot, adding the key when it is new; no_slot when it is new and the
  // directory already holds max_keys keys.
  std::uint32_t slot_of(std::string_view key) { return slot_of(key, hash_of(key)); }
  // The same, with the key's hash_of already known.
  std::uint32_t slot_of(std::string_view key, std::size_t hash);
  static std::size_t hash_of(std::string_view key) noexcept { return KeyHash{}(key); }
  // Pipeline thread: the key's slot, or no_slot when it has none; adds nothing.
  std::uint32_t existing_slot(std::string_view key) const {
    const auto found = slots_.find(key);
    return found == slots_.end() ? no_slot : found->second;
  }
  // Pipeline thread: the keys added so far, published or not.
  std::uint32_t size() const noexcept { return size_; }
  std::size_t max_keys() const noexcept { return max_keys_; }

  // Any thread, for a slot below the key count of a published state (PublishedModel::key_count),
  // which is stored after the key: or, on the pipeline thread, below size().
  std::string_view key(std::uint32_t slot) const noexcept {
    return chunks_[slot / chunk_slots].load(std::memory_order_acquire)[slot % chunk_slots];
  }

  // Any thread: the slots below `count` (a published key count) ordered by key, for listing
  // by prefix and lookups by name. Built on the readers' side and kept: a later call merges in
  // only the keys added since, so the pipeline thread never sorts and never waits for a reader.
  std::shared_ptr<const std::vector<std::uint32_t>> sorted(std::uint32_t count) const;
  // Any thread: the slot of `key` among the first `count`, or no_slot.
  std::uint32_t find(std::string_view key, std::uint32_t count) const;

 private:
  // Abseil's string hash. Debian builds absl::string_view as a type of its own, so a map keyed by
  // std::string_view would hash with std::hash, which costs about twice as much on short keys.
  struct KeyHash {
    std::size_t operator()(std::string_view key) const noexcept {
      return absl::Hash<absl::string_view>{}(absl::string_view(key.data(), key.size()));
    }
  };
  static constexpr std::uint32_t chunk_slots = 4096;
  static constexpr std::size_t text_block_bytes = 1 << 20;

  std::string_view store_text(std::string_view key);

  const std::size_t max_keys_;
  std::uint32_t size_ = 0;
  // Pipeline thread only.
  absl::flat_hash_map<std::string_view, std::uint32_t, KeyHash> slots_;
  // Key text in blocks that never move, so the views above and below stay valid.
  std::vector<std::unique_ptr<char[]>> text_blocks_;
  std::size_t text_block_used_ = text_block_bytes;
  // Slot -> key, in chunks of chunk_slots; the table of chunks is sized for max_keys up front, so
  // a reader never sees it move.
  std::unique_ptr<std::atomic<std::string_view*>[]> chunks_;
  std::vector<std::unique_ptr<std::string_view[]>> owned_chunks_;

  // Readers' side only.
  mutable std::mutex sorted_mutex_;
  mutable std::shared_ptr<const std::vector<std::uint32_t>> sorted_;
};

}  // namespace event_engine
