#include "http/ingest_route_matcher.hpp"

#include <algorithm>

namespace event_engine {

namespace {

// One non-empty path segment.
bool is_segment(std::string_view text) { return !text.empty() && text.find('/') == std::string_view::npos; }

}  // namespace

std::optional<RouteMatch> IngestRouteMatcher::match(std::string_view path) const {
  for (const IngestRoute& route : routes_) {
    const std::string_view pattern = route.path;
    const std::size_t placeholder = pattern.find("{value}");
    const std::size_t key_placeholder =
        route.key_separator.empty() ? std::string_view::npos : pattern.find("{key}");
    const std::size_t prefix_end = key_placeholder == std::string_view::npos ? placeholder : key_placeholder;
    const std::string_view prefix = pattern.substr(0, prefix_end);
    const std::string_view suffix = pattern.substr(placeholder + 7);
    if (path.size() <= prefix.size() + suffix.size()) continue;
    if (path.substr(0, prefix.size()) != prefix || path.substr(path.size() - suffix.size()) != suffix)
      continue;
    std::string_view variable = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    std::string_view key;
    if (key_placeholder != std::string_view::npos) {
      // "{key}<between>{value}": the key is the first segment, then the text between, then the value.
      const std::string_view between = pattern.substr(key_placeholder + 5, placeholder - key_placeholder - 5);
      const std::size_t key_end = variable.find(between);
      if (key_end == std::string_view::npos) continue;
      key = variable.substr(0, key_end);
      variable.remove_prefix(key_end + between.size());
      if (!is_segment(key)) continue;
    }
    if (!is_segment(variable)) continue;
    return RouteMatch{&route, variable, accepts(route, variable), key};
  }
  return std::nullopt;
}

const IngestRoute* IngestRouteMatcher::route_for_topic(std::string_view topic) const {
  const auto found =
      std::find_if(routes_.begin(), routes_.end(), [&](const IngestRoute& r) { return r.topic == topic; });
  return found == routes_.end() ? nullptr : &*found;
}

bool IngestRouteMatcher::accepts(const IngestRoute& route, std::string_view value) {
  return route.accept.empty() ||
         std::find(route.accept.begin(), route.accept.end(), value) != route.accept.end();
}

}  // namespace event_engine
