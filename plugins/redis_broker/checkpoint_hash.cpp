#include "checkpoint_hash.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include "event_engine/checkpoint_timestamp.hpp"

namespace redis_broker {
namespace {

constexpr std::string_view own_fields[] = {"format_version", "saved_at", "position", "n",
                                           "rejected",       "snapshot"};

bool is_own_field(std::string_view name) {
  for (std::string_view own : own_fields) {
    if (name == own) return true;
  }
  return false;
}

// True when `value` holds NaN or an infinity; `where` then ends with its JSON pointer.
bool holds_non_finite_number(const nlohmann::json& value, std::string& where) {
  if (value.is_number_float()) return !std::isfinite(value.get<double>());
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (holds_non_finite_number(item, where)) {
        where.insert(0, "/" + key);
        return true;
      }
    }
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (holds_non_finite_number(value[i], where)) {
        where.insert(0, "/" + std::to_string(i));
        return true;
      }
    }
  }
  return false;
}

const std::string& field(const std::map<std::string, std::string, std::less<>>& fields,
                         std::string_view name) {
  const auto found = fields.find(name);
  if (found == fields.end()) throw std::runtime_error("field \"" + std::string(name) + "\" is missing");
  return found->second;
}

std::uint64_t count_field(const std::map<std::string, std::string, std::less<>>& fields,
                          std::string_view name) {
  const std::string& text = field(fields, name);
  std::uint64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error("field \"" + std::string(name) + "\" is not a count: \"" + text.substr(0, 40) +
                             "\"");
  }
  return count;
}

// nlohmann/json parses, copies, compares and dumps recursively, one stack frame per level, so the
// depth is refused while parsing (its callback sees each value's depth) before any of that recurses.
nlohmann::json parse_snapshot(const std::string& text) {
  if (text.size() > max_snapshot_field_bytes) {
    throw std::runtime_error("field \"snapshot\" has more than " + std::to_string(max_snapshot_field_bytes) +
                             " bytes");
  }
  const auto refuse_deep_nesting = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_snapshot_nesting) {
      throw std::runtime_error("field \"snapshot\" is nested deeper than " +
                               std::to_string(max_snapshot_nesting) + " levels");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, refuse_deep_nesting);
  } catch (const nlohmann::json::exception& error) {
    // parse_error, and out_of_range for a number beyond a double's range (1e400).
    throw std::runtime_error(std::string("field \"snapshot\" is not JSON: ") + error.what());
  }
}

}  // namespace

HashFields checkpoint_hash_fields(const event_engine::Checkpoint& checkpoint,
                                  std::chrono::system_clock::time_point saved_at) {
  if (std::string where; holds_non_finite_number(checkpoint.model, where)) {
    throw std::runtime_error("the model snapshot holds NaN or an infinity at " +
                             (where.empty() ? "/" : where) + ", which JSON cannot store");
  }
  HashFields fields = {{"format_version", std::to_string(checkpoint_hash_format_version)},
                       {"saved_at", event_engine::utc_timestamp(saved_at)},
                       {"position", checkpoint.position},
                       {"n", std::to_string(checkpoint.accepted)},
                       {"rejected", std::to_string(checkpoint.rejected)},
                       {"snapshot", checkpoint.model.dump()}};
  // load() refuses a larger snapshot, so one would be saved and never read back.
  if (fields.back().second.size() > max_snapshot_field_bytes) {
    throw std::runtime_error("the model snapshot is " + std::to_string(fields.back().second.size()) +
                             " bytes, more than the " + std::to_string(max_snapshot_field_bytes) +
                             " a checkpoint hash's snapshot field may hold (a keyed pipeline's takes some 25 "
                             "bytes a key): lower process.keys.max_keys");
  }
  // The snapshot's scalar fields, for redis-cli HGET (w, l, model); a long string (a keyed
  // checkpoint's keys) is not copied: it is in the snapshot, and a copy would double the save.
  constexpr std::size_t longest_copied_string = 256;
  if (checkpoint.model.is_object()) {
    for (const auto& [name, value] : checkpoint.model.items()) {
      if (is_own_field(name)) continue;
      if (value.is_string() && value.get_ref<const std::string&>().size() <= longest_copied_string) {
        fields.emplace_back(name, value.get<std::string>());
      } else if (value.is_number() || value.is_boolean()) {
        fields.emplace_back(name, value.dump());
      }
    }
  }
  return fields;
}

event_engine::Checkpoint checkpoint_from_hash(const std::map<std::string, std::string, std::less<>>& fields) {
  const std::string& version = field(fields, "format_version");
  if (version != std::to_string(checkpoint_hash_format_version)) {
    throw std::runtime_error("format_version \"" + version.substr(0, 20) +
                             "\" is not the one this store reads (" +
                             std::to_string(checkpoint_hash_format_version) + ")");
  }
  event_engine::Checkpoint checkpoint;
  checkpoint.position = field(fields, "position");
  checkpoint.accepted = count_field(fields, "n");
  checkpoint.rejected = count_field(fields, "rejected");
  checkpoint.model = parse_snapshot(field(fields, "snapshot"));
  if (const auto saved_at = fields.find("saved_at"); saved_at != fields.end()) {
    checkpoint.saved_at_unix_ms = event_engine::unix_ms_of_timestamp(saved_at->second);
  }
  return checkpoint;
}

}  // namespace redis_broker
