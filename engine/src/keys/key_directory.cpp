#include "keys/key_directory.hpp"

#include <algorithm>
#include <cstring>

namespace event_engine {

KeyDirectory::KeyDirectory(std::size_t max_keys)
    : max_keys_(max_keys),
      chunks_(std::make_unique<std::atomic<std::string_view*>[]>((max_keys + chunk_slots - 1) / chunk_slots)),
      sorted_(std::make_shared<const std::vector<std::uint32_t>>()) {}

std::string_view KeyDirectory::store_text(std::string_view key) {
  if (text_block_used_ + key.size() > text_block_bytes) {
    text_blocks_.push_back(std::make_unique<char[]>(text_block_bytes));
    text_block_used_ = 0;
  }
  char* const text = text_blocks_.back().get() + text_block_used_;
  std::memcpy(text, key.data(), key.size());
  text_block_used_ += key.size();
  return std::string_view(text, key.size());
}

std::uint32_t KeyDirectory::slot_of(std::string_view key, std::size_t hash) {
  if (const auto found = slots_.find(key, hash); found != slots_.end()) [[likely]] {
    return found->second;
  }
  if (size_ >= max_keys_) return no_slot;
  const std::uint32_t slot = size_;
  const std::uint32_t chunk = slot / chunk_slots;
  if (slot % chunk_slots == 0) {
    owned_chunks_.push_back(std::make_unique<std::string_view[]>(chunk_slots));
    chunks_[chunk].store(owned_chunks_.back().get(), std::memory_order_release);
  }
  const std::string_view stored = store_text(key);
  owned_chunks_[chunk][slot % chunk_slots] = stored;
  slots_.emplace(stored, slot);
  ++size_;
  return slot;
}

std::shared_ptr<const std::vector<std::uint32_t>> KeyDirectory::sorted(std::uint32_t count) const {
  std::lock_guard lock(sorted_mutex_);
  if (sorted_->size() >= count) return sorted_;
  const auto by_key = [this](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); };
  auto merged = std::make_shared<std::vector<std::uint32_t>>();
  merged->reserve(count);
  merged->assign(sorted_->begin(), sorted_->end());
  const std::size_t known = merged->size();
  for (std::uint32_t slot = static_cast<std::uint32_t>(known); slot < count; ++slot) merged->push_back(slot);
  std::sort(merged->begin() + static_cast<std::ptrdiff_t>(known), merged->end(), by_key);
  std::inplace_merge(merged->begin(), merged->begin() + static_cast<std::ptrdiff_t>(known), merged->end(),
                     by_key);
  sorted_ = std::move(merged);
  return sorted_;
}

std::uint32_t KeyDirectory::find(std::string_view wanted, std::uint32_t count) const {
  const std::shared_ptr<const std::vector<std::uint32_t>> order = sorted(count);
  const auto found =
      std::lower_bound(order->begin(), order->end(), wanted,
                       [this](std::uint32_t slot, std::string_view text) { return key(slot) < text; });
  if (found == order->end() || key(*found) != wanted || *found >= count) return no_slot;
  return *found;
}

}  // namespace event_engine
