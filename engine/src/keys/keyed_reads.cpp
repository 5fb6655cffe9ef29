#include "keys/keyed_reads.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace event_engine {

std::optional<std::uint32_t> slot_of_key(const PublishedModel& state, std::string_view key) {
  if (!state.keys) return std::nullopt;
  const std::uint32_t slot = state.keys->find(key, state.key_count);
  if (slot == KeyDirectory::no_slot) return std::nullopt;
  return slot;
}

nlohmann::json list_keys(const PublishedModel& state, std::string_view prefix, std::string_view after,
                         std::size_t limit) {
  nlohmann::json page{{"keys", nlohmann::json::array()}, {"next", nullptr}, {"total", 0}};
  if (!state.keys) return page;
  const KeyDirectory& keys = *state.keys;
  const auto order = keys.sorted(state.key_count);
  const auto key_less = [&keys](std::uint32_t slot, std::string_view text) { return keys.key(slot) < text; };
  const auto text_less = [&keys](std::string_view text, std::uint32_t slot) { return text < keys.key(slot); };
  // The keys with the prefix are one run of the sorted order.
  auto first = std::lower_bound(order->begin(), order->end(), prefix, key_less);
  auto last = first;
  while (last != order->end() && keys.key(*last).starts_with(prefix)) ++last;
  std::size_t total = 0;
  for (auto it = first; it != last; ++it) total += *it < state.key_count;
  page["total"] = total;
  auto from = after.empty() ? first : std::upper_bound(first, last, after, text_less);
  nlohmann::json& listed = page["keys"];
  std::string_view last_listed;
  for (; from != last; ++from) {
    if (*from >= state.key_count) continue;  // a key a newer state added, sorted by another reader
    if (listed.size() == limit) {
      page["next"] = std::string(last_listed);
      break;
    }
    last_listed = keys.key(*from);
    listed.push_back({{"key", std::string(last_listed)},
                      {"n", state.model->events_of(*from)},
                      {"summary", state.model->summary_of(*from, true)}});
  }
  return page;
}

bool names_keys(const QueryParameters& parameters) {
  return parameters.contains("a") || parameters.contains("b") || parameters.contains("keys") ||
         parameters.contains("prefix");
}

KeysAsked keys_asked(const PublishedModel& state, QueryParameters& parameters) {
  KeysAsked asked;
  const auto refuse = [&asked](int status, std::string message) {
    asked.keys.clear();
    asked.status = status;
    asked.refusal = std::move(message);
    return asked;
  };
  if (!state.keys) return refuse(400, "this pipeline keeps one state, not one per key (no process.keys)");
  const int ways = (parameters.contains("a") || parameters.contains("b")) + parameters.contains("keys") +
                   parameters.contains("prefix");
  if (ways != 1)
    return refuse(400, "name the keys one way: a=A&b=B, keys=A,B,C (comma-separated) or prefix=P");
  std::vector<std::string> names;
  if (parameters.contains("a") || parameters.contains("b")) {
    if (!parameters.contains("a") || !parameters.contains("b"))
      return refuse(400, "a and b: expected both keys");
    names = {parameters.at("a"), parameters.at("b")};
    parameters.erase("a");
    parameters.erase("b");
  } else if (const auto list = parameters.find("keys"); list != parameters.end()) {
    std::string_view rest = list->second;
    while (names.size() <= most_keys_compared) {
      const std::size_t comma = rest.find(',');
      names.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    parameters.erase(list);
  } else {
    const std::string prefix = parameters.at("prefix");
    parameters.erase("prefix");
    const KeyDirectory& keys = *state.keys;
    const auto order = keys.sorted(state.key_count);
    auto at = std::lower_bound(
        order->begin(), order->end(), std::string_view(prefix),
        [&keys](std::uint32_t slot, std::string_view text) { return keys.key(slot) < text; });
    for (; at != order->end() && keys.key(*at).starts_with(prefix) && asked.keys.size() <= most_keys_compared;
         ++at) {
      if (*at < state.key_count) asked.keys.push_back({std::string(keys.key(*at)), *at});
    }
    if (asked.keys.empty()) return refuse(404, "no key starts with \"" + prefix.substr(0, 256) + "\"");
    if (asked.keys.size() > most_keys_compared)
      return refuse(400, "prefix: more than " + std::to_string(most_keys_compared) +
                             " keys start with it; name at most that many");
    return asked;
  }
  if (names.size() > most_keys_compared)
    return refuse(400, "keys: at most " + std::to_string(most_keys_compared) + " keys");
  std::string unknown;
  for (std::string& name : names) {
    const std::optional<std::uint32_t> slot = slot_of_key(state, name);
    if (!slot) {
      unknown += (unknown.empty() ? "\"" : ", \"") + name.substr(0, 256) + "\"";
      continue;
    }
    asked.keys.push_back({std::move(name), *slot});
  }
  if (!unknown.empty()) return refuse(404, "no key " + unknown + " (GET /keys lists the keys)");
  return asked;
}

std::vector<std::uint32_t> busiest_slots(const PublishedModel& state, std::size_t count) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> busiest;
  busiest.reserve(count + 1);
  const auto more_events = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  for (std::uint32_t slot = 0; slot < state.key_count; ++slot) {
    const std::pair<std::uint64_t, std::uint32_t> candidate{state.model->events_of(slot), slot};
    if (busiest.size() == count && !more_events(candidate, busiest.back())) continue;
    busiest.insert(std::upper_bound(busiest.begin(), busiest.end(), candidate, more_events), candidate);
    if (busiest.size() > count) busiest.pop_back();
  }
  std::vector<std::uint32_t> slots;
  for (const auto& [events, slot] : busiest) slots.push_back(slot);
  return slots;
}

ModelView overlay_view(const PublishedModel& state, const std::vector<std::uint32_t>& slots) {
  if (slots.empty() || !state.keys) return state.model->view();
  ModelView overlay;
  std::uint64_t events = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    ModelView view = state.model->view_of(slots[i]);
    events += state.model->events_of(slots[i]);
    if (i == 0) {
      overlay.x_label = view.x_label;
      overlay.y_label = view.y_label;
    }
    for (Series& series : view.series) {
      if (series.role == SeriesRole::state) {
        series.name = std::string(state.keys->key(slots[i]));
        overlay.series.push_back(std::move(series));
      } else if (i == 0) {
        overlay.series.push_back(std::move(series));
      }
    }
  }
  overlay.title = std::to_string(slots.size()) + (slots.size() == 1 ? " key" : " keys") +
                  ", n: " + std::to_string(events) + " (of " + std::to_string(state.key_count) + " keys)";
  overlay.tag = "keys_" + std::to_string(state.key_count) + "_n_" + std::to_string(events);
  return overlay;
}

ModelView state_view(const PublishedModel& state) {
  constexpr std::size_t keys_drawn = 8;
  if (!state.keys || state.key_count == 0) return state.model->view();
  return overlay_view(state, busiest_slots(state, keys_drawn));
}

}  // namespace event_engine
