// The JSON document a checkpoint file holds:
//   {"format_version": 1, "saved_at": "2024-05-01T12:00:00.123Z", "position": "42",
//    "accepted": 40, "rejected": 2, "model": <the model's snapshot>}
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "event_engine/store.hpp"

namespace file_store {

inline constexpr int checkpoint_format_version = 1;

// Bounds on a file read back, which anyone who can write the directory controls. A binomial_grid
// snapshot of its largest grid (1,000,000 points) is about 25 MB and 3 levels deep.
inline constexpr std::size_t max_checkpoint_file_bytes = 256 * 1024 * 1024;
inline constexpr int max_checkpoint_nesting = 64;

// Throws std::runtime_error when the model snapshot holds a number JSON cannot write (NaN or an
// infinity would be written as null and lost).
nlohmann::json checkpoint_document(const event_engine::Checkpoint& checkpoint,
                                   std::chrono::system_clock::time_point saved_at);

// Throws std::runtime_error saying what is wrong with the document.
event_engine::Checkpoint checkpoint_from_document(const nlohmann::json& document);

// A checkpoint file's bytes. Throws std::exception saying what is wrong: more bytes or deeper
// nesting than the bounds above, not JSON (nlohmann's parse_error or out_of_range for a number
// beyond a double's range), or a document of the wrong shape (std::runtime_error).
event_engine::Checkpoint checkpoint_from_file_content(std::string_view content);

}  // namespace file_store
