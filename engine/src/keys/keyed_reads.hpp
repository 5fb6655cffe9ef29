// What readers ask of a keyed state: a key's slot, a page of keys, the overlay of several keys'
// posteriors. Each works on one published state (the model's clone and the keys it covers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/model_view.hpp"
#include "pipeline/model_host.hpp"

namespace event_engine {

// The longest page of GET /keys.
inline constexpr std::size_t max_keys_per_page = 1000;

// The slot of `key` in `state`, or nullopt when the state has no such key.
std::optional<std::uint32_t> slot_of_key(const PublishedModel& state, std::string_view key);

// GET /keys: {"keys": [{"key", "n", "summary"}...], "next": key or null, "total": keys with the
// prefix}, sorted by key: the keys that start with `prefix`, after `after`, at most `limit`.
nlohmann::json list_keys(const PublishedModel& state, std::string_view prefix, std::string_view after,
                         std::size_t limit);

// The keys a query over keys names: ?a=A&b=B, ?keys=A,B,C or ?prefix=P (at most
// `most_keys_compared`), removed from `parameters`; or the refusal's status and message (400 for
// none or too many, 404 naming an unknown key). nullopt keys: the request names no keys.
inline constexpr std::size_t most_keys_compared = 100;
struct KeysAsked {
  std::vector<NamedSlot> keys;
  int status = 200;
  std::string refusal;
};
bool names_keys(const QueryParameters& parameters);
KeysAsked keys_asked(const PublishedModel& state, QueryParameters& parameters);

// The slots of the `count` keys with the most events, most first (ties: the key first seen).
std::vector<std::uint32_t> busiest_slots(const PublishedModel& state, std::size_t count);

// The posteriors of several keys on one figure: each key's state series, named by its key, and the
// first key's baseline (the shared prior).
ModelView overlay_view(const PublishedModel& state, const std::vector<std::uint32_t>& slots);

// What a picture of the whole state shows: the model's view, or for a keyed state the overlay of
// its busiest keys (8 at most).
ModelView state_view(const PublishedModel& state);

}  // namespace event_engine
