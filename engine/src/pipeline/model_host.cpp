#include "pipeline/model_host.hpp"

#include <chrono>

#include "keys/keyed_reads.hpp"

namespace event_engine {

nlohmann::json checkpoint_snapshot(const PublishedModel& state, const LastSeenTable* last_seen,
                                   const nlohmann::json* decisions) {
  if (!state.keys) return state.model->snapshot();
  return write_keyed_checkpoint(*state.keys, state.key_count, state.model->snapshot(), state.dropped,
                                last_seen, decisions);
}

nlohmann::json ModelHost::snapshot() const {
  return checkpoint_snapshot(*published(), tracks_idle_ ? &last_seen_ : nullptr, decisions_.get());
}

std::function<nlohmann::json()> ModelHost::snapshot_later() const {
  // Copies of the table share its chunks: this costs a pointer per chunk, and the pipeline then
  // copies a chunk only when it writes to one the copy still holds.
  std::shared_ptr<const LastSeenTable> last_seen =
      tracks_idle_ ? std::make_shared<const LastSeenTable>(last_seen_) : nullptr;
  return [state = published(), last_seen = std::move(last_seen), decisions = decisions_] {
    return checkpoint_snapshot(*state, last_seen.get(), decisions.get());
  };
}

void ModelHost::restore_keyed(const nlohmann::json& snapshot) {
  KeyedCheckpointReader checkpoint(snapshot, keys_->max_keys());
  auto restored = std::make_shared<KeyDirectory>(keys_->max_keys());
  for (std::uint32_t slot = 0; slot < checkpoint.count(); ++slot) {
    if (restored->slot_of(checkpoint.next_key()) != slot)
      throw std::runtime_error("the checkpoint's key " + std::to_string(slot) + " is seen twice");
  }
  checkpoint.finish();
  const DroppedKeys dropped = checkpoint.dropped();
  nlohmann::json decisions = checkpoint.decisions();
  LastSeenTable last_seen;
  if (tracks_idle_ && !checkpoint.read_last_seen(last_seen)) {
    // Saved without idle_expiry: the keys count as seen now, so none expires before its time.
    const auto now = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    last_seen.resize(checkpoint.count());
    for (std::uint32_t slot = 0; slot < checkpoint.count(); ++slot) last_seen.write(slot) = now;
  }
  model_->restore(checkpoint.state());
  keys_ = std::move(restored);
  dropped_ = dropped;
  last_seen_ = std::move(last_seen);
  restored_decisions_ = std::move(decisions);
  if (!restored_decisions_.is_null())
    decisions_ = std::make_shared<const nlohmann::json>(restored_decisions_);
}

std::uint32_t ModelHost::expire_keys_idle_since(std::uint32_t oldest_kept_unix_seconds) {
  if (!tracks_idle_) return 0;
  std::vector<std::uint32_t> kept;
  const std::uint32_t count = keys_->size();
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    if (slot < last_seen_.size() && last_seen_.read(slot) < oldest_kept_unix_seconds) continue;
    kept.push_back(slot);
  }
  const auto expired = static_cast<std::uint32_t>(count - kept.size());
  if (expired == 0) return 0;
  keep_keys(kept);
  dropped_.expired += expired;
  publish_as(version() + 1, nullptr);
  return expired;
}

bool ModelHost::remove_key(std::string_view key) {
  const std::uint32_t removed = keys_->existing_slot(key);
  if (removed == KeyDirectory::no_slot) return false;
  std::vector<std::uint32_t> kept;
  kept.reserve(keys_->size() - 1);
  for (std::uint32_t slot = 0; slot < keys_->size(); ++slot) {
    if (slot != removed) kept.push_back(slot);
  }
  keep_keys(kept);
  ++dropped_.removed;
  publish_as(version() + 1, nullptr);
  return true;
}

void ModelHost::keep_keys(const std::vector<std::uint32_t>& kept) {
  // The model first: when it cannot drop keys nothing has changed.
  model_->keep_slots(kept);
  auto next = std::make_shared<KeyDirectory>(keys_->max_keys());
  for (const std::uint32_t slot : kept) next->slot_of(keys_->key(slot));
  keys_ = std::move(next);
  if (tracks_idle_) last_seen_.keep_only(kept);
}

ModelView ModelHost::view() const { return state_view(*published()); }

}  // namespace event_engine
