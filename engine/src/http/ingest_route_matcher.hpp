// Matches request paths against the configured ingestion routes ("/update_model/{value}") and
// checks the value against the route's accepted values.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "config/pipeline_config.hpp"

namespace event_engine {

struct RouteMatch {
  const IngestRoute* route;
  std::string_view value;
  bool accepted;         // the value is in the route's accept list (or the list is empty)
  std::string_view key;  // a keyed route's key segment; empty otherwise
};

class IngestRouteMatcher {
 public:
  explicit IngestRouteMatcher(const std::vector<IngestRoute>& routes) : routes_(routes) {}

  // The first route whose pattern matches `path`; the value (and a keyed route's key) is one
  // non-empty path segment.
  std::optional<RouteMatch> match(std::string_view path) const;

  // The route that publishes to `topic`, or nullptr.
  const IngestRoute* route_for_topic(std::string_view topic) const;

  static bool accepts(const IngestRoute& route, std::string_view value);

 private:
  const std::vector<IngestRoute>& routes_;
};

}  // namespace event_engine
