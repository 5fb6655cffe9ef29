// The "samples" query: draws of p from the grid posterior, GET /model/samples?draws=K[&seed=S].
#pragma once

#include <nlohmann/json.hpp>

#include "event_engine/model.hpp"
#include "math/grid_posterior.hpp"

namespace binomial_grid {

// {"draws": K, "seed": S, "samples": [K values of p], "mean": ...}. K is 1..100000 (the answer is
// about 20 bytes a draw). Without a seed, one is drawn and reported, so any answer can be
// reproduced. Throws event_engine::QueryError 400 for a missing, malformed, out-of-range or unknown
// parameter, 409 when the data are impossible under the prior.
nlohmann::json answer_samples_query(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters);

}  // namespace binomial_grid
