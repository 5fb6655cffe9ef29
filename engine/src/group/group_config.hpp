// process.group: this engine is one of a group that shares a stream, each member checkpointing its
// own share under its own key; the group's members are the checkpoints whose key starts with
// `prefix`, and GET /model?scope=group answers their merged state.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace event_engine {

struct GroupConfig {
  std::string prefix;
  // More checkpoints under the prefix than this and the group view refuses to answer (503): each
  // is read and merged per refresh, so the count bounds a refresh's work.
  std::size_t max_members = 64;
  // A refresh reads every member's checkpoint; answers within this long of one reuse it.
  std::chrono::milliseconds cache{500};

  bool operator==(const GroupConfig&) const = default;
};

// Reads process.group from the process section (absent or null: no group). Throws ConfigError
// naming the JSON path.
std::optional<GroupConfig> read_group_config(const nlohmann::json& process_section);

// The JSON Schema of process.group, for `event-engine schema`.
nlohmann::json group_config_schema();

}  // namespace event_engine
