// Parses the body of POST /events: newline-separated events, or a JSON array of strings or of
// objects (each sent as its compact JSON text, for process.keys). All or
// nothing: the first bad entry is reported by its index and nothing is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/pipeline_config.hpp"
#include "event_engine/event_batch.hpp"

namespace event_engine {

// Fills `events` (cleared first) from `body`; returns an error naming the bad entry, if any.
std::optional<std::string> parse_event_body(std::string_view body, const IngestRoute& route,
                                            EventBatch& events);

}  // namespace event_engine
