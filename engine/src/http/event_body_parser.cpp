#include "http/event_body_parser.hpp"

#include <nlohmann/json.hpp>

#include "http/accepted_tokens.hpp"
#include "http/ingest_route_matcher.hpp"

namespace event_engine {
namespace {

// What a route's accept list is checked against: the event, or a keyed route's value (the part
// after the first separator of KEY<separator>VALUE). nullopt when a keyed event has no separator.
std::optional<std::string_view> accepted_part(std::string_view event, const IngestRoute& route) {
  if (route.key_separator.empty()) return event;
  const std::size_t separator = event.find(route.key_separator);
  if (separator == 0 || separator == std::string_view::npos) return std::nullopt;
  return event.substr(separator + route.key_separator.size());
}

// Why an entry is refused, or nothing when it is not. The parsers check entries with
// AcceptedTokens and call this only to word a refusal.
std::optional<std::string> check_entry(std::size_t index, std::string_view value, const IngestRoute& route) {
  if (value.empty()) return "entry " + std::to_string(index) + " is empty";
  const std::optional<std::string_view> checked = accepted_part(value, route);
  if (!checked) {
    return "entry " + std::to_string(index) + " is not KEY" + route.key_separator + "VALUE, as topic \"" +
           route.topic + "\" takes";
  }
  if (!IngestRouteMatcher::accepts(route, *checked)) {
    std::string accepted;
    for (const std::string& token : route.accept) accepted += (accepted.empty() ? "" : ", ") + token;
    const nlohmann::json shown = std::string(value.substr(0, 40));
    return "entry " + std::to_string(index) + " (" +
           shown.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           ") is not accepted on topic \"" + route.topic + "\"; expected one of: " + accepted;
  }
  return std::nullopt;
}

// Whether an entry passes: not empty, and what the accept list checks is in it.
bool passes(std::string_view event, const IngestRoute& route, const AcceptedTokens& accepted) {
  if (event.empty()) return false;
  if (route.key_separator.empty()) [[likely]] {
    return accepted.contains(event);
  }
  const std::optional<std::string_view> checked = accepted_part(event, route);
  return checked && accepted.contains(*checked);
}

std::optional<std::string> parse_json_array(std::string_view body, const IngestRoute& route,
                                            EventBatch& events) {
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_array())
    return std::string("body is not a valid JSON array of strings or objects");
  // As for a body of blank lines: a request that publishes nothing is a mistake worth telling.
  if (parsed.empty()) return std::string("body holds no events (an empty JSON array)");
  std::string object_text;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    // An object is one structured event (process.keys reads it by JSON pointers), sent as its
    // compact JSON text.
    if (parsed[i].is_object()) object_text = parsed[i].dump();
    if (!parsed[i].is_string() && !parsed[i].is_object())
      return "entry " + std::to_string(i) + " is not a string or an object";
    const std::string& value = parsed[i].is_object() ? object_text : parsed[i].get_ref<const std::string&>();
    if (value.find('\n') != std::string::npos) return "entry " + std::to_string(i) + " contains a newline";
    if (auto error = check_entry(i, value, route)) return error;
    events.add(value);
  }
  return std::nullopt;
}

// Whether each event of the batch is one byte long, its end offset one past its index: the
// default routes' bodies ("w\nl\n..."), whose bytes are then checked all at once. A comparison
// per event that the compiler vectorises.
bool every_event_is_one_byte(const EventBatch& events) {
  const std::vector<std::uint32_t>& ends = events.ends();
  if (events.bytes().size() != ends.size()) return false;
  // Differences or'ed together, in 32 bits as the offsets are: a loop the compiler vectorises.
  std::uint32_t differences = 0;
  std::uint32_t expected = 1;
  for (const std::uint32_t end : ends) differences |= end ^ expected++;
  return differences == 0;
}

// One event per line; "\r\n" line ends are accepted, and one final line end is optional.
std::optional<std::string> parse_lines(std::string_view body, const IngestRoute& route, EventBatch& events) {
  const AcceptedTokens accepted(route);
  if (body.find('\r') == std::string_view::npos) {
    // The common body: split in one pass over its bytes, then each event checked in place.
    events.add_delimited(body);
    if (route.key_separator.empty() && every_event_is_one_byte(events) &&
        accepted.contains_each_byte(events.bytes())) [[likely]] {
      return std::nullopt;
    }
    for (std::size_t index = 0; index < events.size(); ++index) {
      const std::string_view event = events[index];
      if (!passes(event, route, accepted)) return check_entry(index, event, route);
    }
    return std::nullopt;
  }
  if (body.back() == '\n') body.remove_suffix(1);
  for (std::size_t index = 0;; ++index) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!passes(line, route, accepted)) return check_entry(index, line, route);
    events.add(line);
    if (end == std::string_view::npos) return std::nullopt;
    body.remove_prefix(end + 1);
  }
}

}  // namespace

std::optional<std::string> parse_event_body(std::string_view body, const IngestRoute& route,
                                            EventBatch& events) {
  events.clear();
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::string("body holds no events");
  std::optional<std::string> error;
  if (body[first] == '[') {
    error = parse_json_array(body, route, events);
  } else {
    error = parse_lines(body, route, events);
  }
  if (error) events.clear();
  return error;
}

}  // namespace event_engine
