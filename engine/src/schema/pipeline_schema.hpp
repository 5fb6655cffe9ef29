// A JSON Schema (draft 2020-12) of the pipeline config, with each installed plugin's config keys
// under its `plugin` value, so editors complete and check pipeline files.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "plugins/plugin_loader.hpp"

namespace event_engine {

// The schema accepts what `event-engine validate` accepts at the level of keys and types: the
// engine's sections exactly (keys, types, ranges), a plugin's config by the keys and types its
// manifest declares. Value checks only a plugin's factory knows (a prior's shape, a token list
// that must not overlap another) are left to `validate`.
nlohmann::json pipeline_schema(const std::vector<PluginDescriptor>& plugins);

}  // namespace event_engine
