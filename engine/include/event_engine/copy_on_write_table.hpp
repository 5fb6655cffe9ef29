// A table of per-key states (one Cell per slot) for a keyed model, in chunks that a model and its
// clones share until one of them writes: cloning costs one pointer per chunk, and a batch copies
// only the chunks it writes to while a clone still holds them. So publishing a keyed state per
// batch costs what the batch touched, not the whole table (plugin API version 4).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace event_engine {

template <typename Cell, std::size_t ChunkCells = 1024>
class CopyOnWriteTable {
 public:
  using Chunk = std::array<Cell, ChunkCells>;

  std::uint32_t size() const noexcept { return size_; }

  // Grows the table to `slots` cells, the new ones value-initialised (a fresh key's state).
  void resize(std::uint32_t slots) {
    while (chunks_.size() * ChunkCells < slots) chunks_.push_back(std::make_shared<Chunk>());
    if (slots > size_) size_ = slots;
  }

  // The owner's thread only: a cell to change. Copies its chunk first when a clone shares it.
  // Clones are only made on the owner's thread, so a chunk held once cannot gain a holder meanwhile.
  Cell& write(std::uint32_t slot) {
    std::shared_ptr<Chunk>& chunk = chunks_[slot / ChunkCells];
    if (chunk.use_count() > 1) [[unlikely]] {
      chunk = std::make_shared<Chunk>(*chunk);
    }
    return (*chunk)[slot % ChunkCells];
  }

  const Cell& read(std::uint32_t slot) const noexcept {
    return (*chunks_[slot / ChunkCells])[slot % ChunkCells];
  }

  // Keeps only the cells of `kept` (increasing slots), renumbered 0, 1, 2...: for keys that were
  // removed or expired. O(kept); clones keep the cells they had.
  void keep_only(const std::vector<std::uint32_t>& kept) {
    CopyOnWriteTable next;
    next.resize(static_cast<std::uint32_t>(kept.size()));
    for (std::uint32_t slot = 0; slot < next.size(); ++slot) next.write(slot) = read(kept[slot]);
    *this = std::move(next);
  }

  void clear() noexcept {
    chunks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::uint32_t size_ = 0;
};

}  // namespace event_engine
