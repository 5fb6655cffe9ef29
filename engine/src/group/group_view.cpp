#include "group/group_view.hpp"

#include <algorithm>

#include "keys/keyed_checkpoint.hpp"

namespace event_engine {

GroupView::GroupView(GroupConfig config, std::shared_ptr<Store> store,
                     std::function<std::shared_ptr<Model>()> fresh_model, std::optional<std::size_t> max_keys)
    : config_(std::move(config)),
      store_(std::move(store)),
      fresh_model_(std::move(fresh_model)),
      max_keys_(max_keys) {
  if (!identity()->mergeable()) {
    throw GroupUnavailable(409, "the model's state does not merge (Model::mergeable() is false)");
  }
}

std::shared_ptr<Model> GroupView::identity() const {
  std::shared_ptr<Model> model = fresh_model_();
  if (max_keys_ && !model->use_keys())
    throw GroupUnavailable(409, "the model keeps no keyed state (Model::use_keys() is false)");
  return model;
}

void GroupView::merge_keyed(const std::string& member, const nlohmann::json& checkpoint, Model& merged,
                            KeyDirectory& keys) const {
  KeyedCheckpointReader reader(checkpoint, *max_keys_);
  std::vector<std::uint32_t> slot_map;
  slot_map.reserve(reader.count());
  for (std::uint32_t slot = 0; slot < reader.count(); ++slot) {
    const std::uint32_t merged_slot = keys.slot_of(reader.next_key());
    if (merged_slot == KeyDirectory::no_slot) {
      throw GroupUnavailable(503, "the group's members hold more than process.keys.max_keys (" +
                                      std::to_string(*max_keys_) + ") keys between them, reading member " +
                                      member);
    }
    slot_map.push_back(merged_slot);
  }
  reader.finish();
  merged.merge_keyed(reader.state(), slot_map, keys.size());
}

std::shared_ptr<const GroupState> GroupView::current() {
  std::lock_guard lock(reading_);
  const auto now = std::chrono::steady_clock::now();
  if (latest_ != nullptr && now - latest_at_ < config_.cache) return latest_;
  std::shared_ptr<const GroupState> fresh = read_members();
  // The version numbers distinct states, so a plot is drawn once per state however often asked.
  const bool unchanged = latest_ != nullptr && latest_->members.size() == fresh->members.size() &&
                         std::equal(latest_->members.begin(), latest_->members.end(), fresh->members.begin(),
                                    [](const GroupMember& a, const GroupMember& b) {
                                      return a.key == b.key && a.position == b.position &&
                                             a.accepted == b.accepted &&
                                             a.saved_at_unix_ms == b.saved_at_unix_ms;
                                    });
  auto numbered = std::make_shared<GroupState>(*fresh);
  numbered->version = latest_ == nullptr ? 1 : latest_->version + (unchanged ? 0 : 1);
  latest_ = std::move(numbered);
  latest_at_ = now;
  return latest_;
}

std::shared_ptr<const GroupState> GroupView::read_members() const {
  std::vector<std::string> keys;
  try {
    keys = store_->keys(config_.prefix);
  } catch (const std::exception& error) {
    throw GroupUnavailable(503, std::string("cannot list the group's checkpoints: ") + error.what());
  }
  if (keys.size() > config_.max_members) {
    throw GroupUnavailable(503, "the store holds " + std::to_string(keys.size()) +
                                    " checkpoints under the prefix \"" + config_.prefix +
                                    "\", more than process.group.max_members (" +
                                    std::to_string(config_.max_members) +
                                    "); remove the members that left (event-engine group remove)");
  }
  auto state = std::make_shared<GroupState>();
  std::shared_ptr<Model> merged = identity();
  auto merged_keys = max_keys_ ? std::make_shared<KeyDirectory>(*max_keys_) : nullptr;
  // One checkpoint in memory at a time: a refresh needs the merged state plus one member's.
  for (const std::string& key : keys) {
    std::optional<Checkpoint> checkpoint;
    try {
      checkpoint = store_->load(key);
    } catch (const std::exception& error) {
      throw GroupUnavailable(503, "cannot read member " + key + ": " + error.what());
    }
    // Removed between the listing and the read: no longer a member.
    if (!checkpoint) continue;
    try {
      if (merged_keys) {
        merge_keyed(key, checkpoint->model, *merged, *merged_keys);
      } else {
        merged->merge(checkpoint->model);
      }
    } catch (const GroupUnavailable&) {
      throw;
    } catch (const std::exception& error) {
      throw GroupUnavailable(409, "member " + key + "'s checkpoint does not merge: " + error.what());
    }
    state->members.push_back(GroupMember{key, checkpoint->accepted, checkpoint->rejected,
                                         std::move(checkpoint->position), checkpoint->saved_at_unix_ms});
  }
  state->model = std::move(merged);
  if (merged_keys) state->key_count = merged_keys->size();
  state->keys = std::move(merged_keys);
  state->read_at = std::chrono::system_clock::now();
  return state;
}

}  // namespace event_engine
