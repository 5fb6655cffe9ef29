// What GET /model?scope=group answers: the merged model's summary (the keys of GET /model), plus
// "scope": "group", the prefix, and one entry per member: its key, its counts, its share of the
// group's accepted events, the position its checkpoint covers and how old that checkpoint is.
#pragma once

#include <nlohmann/json.hpp>

#include "group/group_view.hpp"

namespace event_engine {

nlohmann::json group_summary(const GroupState& state, const GroupConfig& config, bool compact);

}  // namespace event_engine
