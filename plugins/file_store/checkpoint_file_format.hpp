// The JSON document a checkpoint file holds:
//   {"format_version": 1, "saved_at": "2024-05-01T12:00:00.123Z", "position": "42",
//    "accepted": 40, "rejected": 2, "model": <the model's snapshot>}
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "event_engine/store.hpp"

namespace file_store {

inline constexpr int checkpoint_format_version = 1;

// Throws std::runtime_error when the model snapshot holds a number JSON cannot write (NaN or an
// infinity would be written as null and lost).
nlohmann::json checkpoint_document(const event_engine::Checkpoint& checkpoint,
                                   std::chrono::system_clock::time_point saved_at);

// Throws std::runtime_error saying what is wrong with the document.
event_engine::Checkpoint checkpoint_from_document(const nlohmann::json& document);

}  // namespace file_store
