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
