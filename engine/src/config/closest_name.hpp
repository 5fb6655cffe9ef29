// Suggests the known name closest to a misspelt one, for "did you mean" hints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace event_engine {

// The known name within a small edit distance of `given`, or an empty string if none is close.
std::string closest_name(std::string_view given, const std::vector<std::string>& known);

}  // namespace event_engine
