#include "http/ingest_route_matcher.hpp"

#include <algorithm>

namespace event_engine {

std::optional<RouteMatch> IngestRouteMatcher::match(std::string_view path) const {
  for (const IngestRoute& route : routes_) {
    const std::string_view pattern = route.path;
    const std::size_t placeholder = pattern.find("{value}");
    const std::string_view prefix = pattern.substr(0, placeholder);
    const std::string_view suffix = pattern.substr(placeholder + 7);
    if (path.size() <= prefix.size() + suffix.size()) continue;
    if (path.substr(0, prefix.size()) != prefix || path.substr(path.size() - suffix.size()) != suffix)
      continue;
    const std::string_view value = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (value.find('/') != std::string_view::npos) continue;
    return RouteMatch{&route, value, accepts(route, value)};
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
