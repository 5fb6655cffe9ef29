// The group's model: the merged state of every member's latest checkpoint, read from the store.
// Runs on HTTP worker threads, never on the pipeline thread, with a store and models of its own
// (a store connection is not shared with the checkpoint writer), so a slow store or a large group
// never holds up the stream.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "event_engine/model.hpp"
#include "event_engine/store.hpp"
#include "group/group_config.hpp"
#include "keys/key_directory.hpp"

namespace event_engine {

// Why the group cannot be answered; `status` is the HTTP status to answer with (503: the store or
// the group's size; 409: a member's checkpoint does not merge).
class GroupUnavailable : public std::runtime_error {
 public:
  GroupUnavailable(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

struct GroupMember {
  std::string key;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::string position;
  std::uint64_t saved_at_unix_ms = 0;  // 0: the store did not say
};

// One read of the group: the merged model and who is in it.
struct GroupState {
  std::shared_ptr<const Model> model;
  // A keyed group's keys, the union of the members' (a key several members saw is one key of the
  // merged state); null when unkeyed.
  std::shared_ptr<const KeyDirectory> keys;
  std::uint32_t key_count = 0;
  std::vector<GroupMember> members;
  std::uint64_t version = 0;  // changes whenever a read finds the members' checkpoints changed
  std::chrono::system_clock::time_point read_at;
};

class GroupView {
 public:
  // `fresh_model` makes a model of the pipeline's config with no events applied: the identity of
  // the merge. With `max_keys` the pipeline is keyed and the members merge per key, the group
  // holding at most that many keys. Throws GroupUnavailable at once when that model's state does
  // not merge.
  GroupView(GroupConfig config, std::shared_ptr<Store> store,
            std::function<std::shared_ptr<Model>()> fresh_model,
            std::optional<std::size_t> max_keys = std::nullopt);

  // The latest read, or a new one when the last is older than the config's cache time. One read
  // at a time: a concurrent caller waits for it and shares it. Throws GroupUnavailable.
  std::shared_ptr<const GroupState> current();

  const GroupConfig& config() const noexcept { return config_; }

 private:
  std::shared_ptr<const GroupState> read_members() const;
  // A fresh model, keyed when the pipeline is.
  std::shared_ptr<Model> identity() const;
  // Adds a member's keyed checkpoint to `merged`, its keys to `keys`.
  void merge_keyed(const std::string& member, const nlohmann::json& checkpoint, Model& merged,
                   KeyDirectory& keys) const;

  const GroupConfig config_;
  const std::shared_ptr<Store> store_;
  const std::function<std::shared_ptr<Model>()> fresh_model_;
  const std::optional<std::size_t> max_keys_;
  std::mutex reading_;
  std::shared_ptr<const GroupState> latest_;
  std::chrono::steady_clock::time_point latest_at_{};
};

}  // namespace event_engine
