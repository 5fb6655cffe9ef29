// The binomial_grid snapshot: exact enough that a restored model continues bit-identically.
//
// {"model": "binomial_grid", "format": 1, "grid_points": G, "prior": {...}, "w": W, "l": L,
//  "log_posterior": [G numbers, null where the probability is zero]}
//
// Doubles are written with 17 significant digits, which read back to the same bits; -infinity is
// not JSON, hence null.
#pragma once

#include <nlohmann/json.hpp>

#include "math/grid_posterior.hpp"

namespace binomial_grid {

nlohmann::json write_snapshot(const GridPosterior& posterior, const nlohmann::json& prior);

// Restores `posterior` (whose prior is `prior`) from `snapshot`. Throws std::runtime_error saying
// why, and leaves `posterior` as it was, when the snapshot is malformed or was taken with another
// grid size or prior (the config changed since).
void restore_snapshot(GridPosterior& posterior, const nlohmann::json& prior, const nlohmann::json& snapshot);

// Adds to `posterior` the trials `snapshot` counts (a snapshot of a model with the same grid and
// prior, over other trials). Throws std::runtime_error, leaving `posterior` as it was, when the
// snapshot does not fit (as restore_snapshot) or the summed counts would overflow.
void merge_snapshot(GridPosterior& posterior, const nlohmann::json& prior, const nlohmann::json& snapshot);

}  // namespace binomial_grid
