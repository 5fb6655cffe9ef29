// The "predict" query: posterior predictive draws, GET /model/predict?trials=N&draws=D[&seed=S],
// as numbers or as the seed notebook's histogram (GET /plot/predict.png with the same parameters).
#pragma once

#include <nlohmann/json.hpp>

#include "event_engine/model.hpp"
#include "event_engine/model_view.hpp"
#include "math/grid_posterior.hpp"

namespace binomial_grid {

// {"trials": N, "draws": D, "seed": S, "histogram": [draws with 0..N successes], "mean": ...}.
// Without a seed, one is drawn from std::random_device and reported, so any answer can be
// reproduced. Throws event_engine::QueryError 400 for a missing, malformed, out-of-range or unknown
// parameter, 409 when the data are impossible under the prior (there is no posterior to draw from).
nlohmann::json answer_predict_query(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters);

// The same draws as a bar chart: "Posterior predictive distribution", a bar per success count
// 0..N ("Predicted w count") as high as its number of draws ("Frequency"). Throws as above.
event_engine::ModelView predict_query_view(const GridPosterior& posterior,
                                           const event_engine::QueryParameters& parameters);

}  // namespace binomial_grid
