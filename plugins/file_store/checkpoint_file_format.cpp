#include "checkpoint_file_format.hpp"

#include <cmath>
#include <stdexcept>

#include "event_engine/checkpoint_timestamp.hpp"

namespace file_store {
namespace {

// True when `value` holds NaN or an infinity; `where` then ends with its JSON pointer. Allocates
// nothing on the way, as snapshots can be large.
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

const nlohmann::json& member(const nlohmann::json& document, const char* key) {
  if (!document.contains(key)) throw std::runtime_error(std::string("\"") + key + "\" is missing");
  return document.at(key);
}

// nlohmann/json parses, copies, compares and dumps recursively, one stack frame per level, so the
// depth is refused while parsing (its callback sees each value's depth) before any of that recurses.
nlohmann::json parse_bounded(std::string_view content) {
  if (content.size() > max_checkpoint_file_bytes) {
    throw std::runtime_error("more than " + std::to_string(max_checkpoint_file_bytes) +
                             " bytes, the most a checkpoint file may have");
  }
  const auto refuse_deep_nesting = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_checkpoint_nesting) {
      throw std::runtime_error("nested deeper than " + std::to_string(max_checkpoint_nesting) + " levels");
    }
    return true;
  };
  return nlohmann::json::parse(content, refuse_deep_nesting);
}

std::uint64_t count(const nlohmann::json& document, const char* key) {
  const nlohmann::json& value = member(document, key);
  if (!value.is_number_unsigned()) {
    throw std::runtime_error(std::string("\"") + key + "\" is not a count: " + value.dump());
  }
  return value.get<std::uint64_t>();
}

}  // namespace

nlohmann::json checkpoint_document(const event_engine::Checkpoint& checkpoint,
                                   std::chrono::system_clock::time_point saved_at) {
  if (std::string where; holds_non_finite_number(checkpoint.model, where)) {
    throw std::runtime_error("the model snapshot holds NaN or an infinity at " +
                             (where.empty() ? "/" : where) + ", which JSON cannot store");
  }
  return {{"format_version", checkpoint_format_version},
          {"saved_at", event_engine::utc_timestamp(saved_at)},
          {"position", checkpoint.position},
          {"accepted", checkpoint.accepted},
          {"rejected", checkpoint.rejected},
          {"model", checkpoint.model}};
}

event_engine::Checkpoint checkpoint_from_document(const nlohmann::json& document) {
  if (!document.is_object())
    throw std::runtime_error("expected a JSON object, got " + std::string(document.type_name()));
  const nlohmann::json& version = member(document, "format_version");
  if (version != checkpoint_format_version) {
    throw std::runtime_error("format_version " + version.dump() + " is not the one this store reads (" +
                             std::to_string(checkpoint_format_version) + ")");
  }
  const nlohmann::json& position = member(document, "position");
  if (!position.is_string()) throw std::runtime_error("\"position\" is not a string: " + position.dump());
  const auto saved_at = document.find("saved_at");
  return event_engine::Checkpoint{member(document, "model"), position.get<std::string>(),
                                  count(document, "accepted"), count(document, "rejected"),
                                  saved_at != document.end() && saved_at->is_string()
                                      ? event_engine::unix_ms_of_timestamp(saved_at->get<std::string>())
                                      : 0};
}

event_engine::Checkpoint checkpoint_from_file_content(std::string_view content) {
  return checkpoint_from_document(parse_bounded(content));
}

}  // namespace file_store
