// The fields of the Redis hash that holds a checkpoint:
//   format_version  1
//   saved_at        2024-05-01T12:00:00.123Z (informational)
//   position        the broker position the snapshot covers
//   n, rejected     events applied and rejected up to that position
//   snapshot        the model's snapshot, JSON
//   w, l, ...       each top-level number, string or boolean of the snapshot under its own name, for
//                   people who look with redis-cli; copies that are never read back
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "event_engine/store.hpp"

namespace redis_broker {

inline constexpr int checkpoint_hash_format_version = 1;

// Bounds on the snapshot field read back, which anyone who can write to the Redis server controls.
// A binomial_grid snapshot of its largest grid (1,000,000 points) is about 25 MB and 3 levels deep.
inline constexpr std::size_t max_snapshot_field_bytes = 256 * 1024 * 1024;
inline constexpr int max_snapshot_nesting = 64;

using HashFields = std::vector<std::pair<std::string, std::string>>;

// Throws std::runtime_error when the snapshot holds a number JSON cannot write (NaN or an infinity
// would be written as null and lost).
HashFields checkpoint_hash_fields(const event_engine::Checkpoint& checkpoint,
                                  std::chrono::system_clock::time_point saved_at);

// Throws std::runtime_error saying which field is missing or wrong, the snapshot field also when it
// exceeds the bounds above.
event_engine::Checkpoint checkpoint_from_hash(const std::map<std::string, std::string, std::less<>>& fields);

}  // namespace redis_broker
