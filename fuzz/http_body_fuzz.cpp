// Target 2: POST /events body parsing (newline and JSON array forms) and the ingest route
// matcher. A body that parses re-serialises, in either form, to a body that parses to the same
// events; a refused body leaves no event behind; a matched path's value is one of its segments.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "fuzz_check.hpp"
#include "http/event_body_parser.hpp"
#include "http/ingest_route_matcher.hpp"

namespace {

using event_engine::EventBatch;
using event_engine::IngestRoute;

std::vector<std::string> events_of(const EventBatch& batch) {
  std::vector<std::string> events;
  for (std::size_t i = 0; i < batch.size(); ++i) events.emplace_back(batch[i]);
  return events;
}

void check_body(std::string_view body, const IngestRoute& route) {
  EventBatch events;
  const std::optional<std::string> error = event_engine::parse_event_body(body, route, events);
  if (error) {
    FUZZ_CHECK(events.empty());
    FUZZ_CHECK(!error->empty() && error->size() < 1024);
    return;
  }
  FUZZ_CHECK(!events.empty());
  const std::vector<std::string> parsed = events_of(events);

  std::string lines;
  nlohmann::json array = nlohmann::json::array();
  for (const std::string& event : parsed) {
    FUZZ_CHECK(!event.empty() && event.find('\n') == std::string::npos);
    lines += event + "\n";
    array.push_back(event);
  }
  EventBatch again;
  // The newline form strips a '\r' before each line end and reads a body whose first visible
  // byte is '[' as JSON: it round-trips whenever neither can apply.
  bool lines_round_trip = true;
  for (const std::string& event : parsed) lines_round_trip = lines_round_trip && event.back() != '\r';
  const std::size_t first_visible = lines.find_first_not_of(" \t\r\n");
  lines_round_trip = lines_round_trip && first_visible != std::string::npos && lines[first_visible] != '[';
  if (lines_round_trip) {
    FUZZ_CHECK(!event_engine::parse_event_body(lines, route, again));
    FUZZ_CHECK(events_of(again) == parsed);
  }
  std::string json_text;
  try {
    json_text = array.dump();
  } catch (const nlohmann::json::type_error&) {
    return;  // a value that is not UTF-8 has no JSON form
  }
  FUZZ_CHECK(!event_engine::parse_event_body(json_text, route, again));
  FUZZ_CHECK(events_of(again) == parsed);
}

void check_path(std::string_view path, const std::vector<IngestRoute>& routes) {
  const event_engine::IngestRouteMatcher matcher(routes);
  const std::optional<event_engine::RouteMatch> match = matcher.match(path);
  if (!match) return;
  FUZZ_CHECK(!match->value.empty());
  FUZZ_CHECK(match->value.find('/') == std::string_view::npos);
  FUZZ_CHECK(match->value.data() >= path.data() &&
             match->value.data() + match->value.size() <= path.data() + path.size());
  FUZZ_CHECK(match->accepted == event_engine::IngestRouteMatcher::accepts(*match->route, match->value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<IngestRoute> routes(2);
  routes[0].path = "/update_model/{value}";
  routes[0].topic = "update_model";
  routes[0].accept = {"w", "l"};
  routes[1].path = "/" + input.ConsumeRandomLengthString(16) + "/{value}/tail";
  routes[1].topic = "any";
  const bool any_value = input.ConsumeBool();
  const std::string path = input.ConsumeRandomLengthString(256);
  const std::string body = input.ConsumeRemainingBytesAsString();
  check_body(body, any_value ? routes[1] : routes[0]);
  check_path(path, routes);
  return 0;
}
