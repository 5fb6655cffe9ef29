#include "group/group_view.hpp"

#include <algorithm>

namespace event_engine {

GroupView::GroupView(GroupConfig config, std::shared_ptr<Store> store,
                     std::function<std::shared_ptr<Model>()> fresh_model)
    : config_(std::move(config)), store_(std::move(store)), fresh_model_(std::move(fresh_model)) {
  if (!fresh_model_()->mergeable()) {
    throw GroupUnavailable(409, "the model's state does not merge (Model::mergeable() is false)");
  }
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
  std::shared_ptr<Model> merged = fresh_model_();
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
      merged->merge(checkpoint->model);
    } catch (const std::exception& error) {
      throw GroupUnavailable(409, "member " + key + "'s checkpoint does not merge: " + error.what());
    }
    state->members.push_back(GroupMember{key, checkpoint->accepted, checkpoint->rejected,
                                         std::move(checkpoint->position), checkpoint->saved_at_unix_ms});
  }
  state->model = std::move(merged);
  state->read_at = std::chrono::system_clock::now();
  return state;
}

}  // namespace event_engine
