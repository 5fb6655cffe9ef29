#include "group/group_summary.hpp"

namespace event_engine {

nlohmann::json group_summary(const GroupState& state, const GroupConfig& config, bool compact) {
  nlohmann::json summary = state.model->summary(compact);
  std::uint64_t group_accepted = 0;
  for (const GroupMember& member : state.members) group_accepted += member.accepted;
  const auto read_at_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(state.read_at.time_since_epoch()).count());
  nlohmann::json members = nlohmann::json::array();
  for (const GroupMember& member : state.members) {
    nlohmann::json entry{
        {"key", member.key},
        {"n", member.accepted},
        {"rejected", member.rejected},
        {"share", group_accepted == 0
                      ? 0.0
                      : static_cast<double>(member.accepted) / static_cast<double>(group_accepted)},
        {"position", member.position},
    };
    // A clock step between the member's host and this one can make a fresh checkpoint look
    // saved in the future: its age is then 0, not negative.
    if (member.saved_at_unix_ms == 0) {
      entry["age_ms"] = nullptr;
    } else {
      entry["age_ms"] = read_at_ms > member.saved_at_unix_ms ? read_at_ms - member.saved_at_unix_ms : 0;
    }
    members.push_back(std::move(entry));
  }
  summary["scope"] = "group";
  summary["group_prefix"] = config.prefix;
  summary["members"] = std::move(members);
  return summary;
}

}  // namespace event_engine
