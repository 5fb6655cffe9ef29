// What GET /model answers for the binomial_grid model.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "math/grid_posterior.hpp"

namespace binomial_grid {

// W and L as a summary shows them: whole counts, or the discounted reals of forgetting.
nlohmann::json successes_json(const GridPosterior& posterior);
nlohmann::json failures_json(const GridPosterior& posterior);

// Keys: w, l, n, grid_points, prior_type, impossible, mean, sd, map, percentile_interval, hpdi,
// interval_mass; unless `compact`, also grid, prior and posterior (probabilities summing to one).
// When the data are impossible under the prior, impossible is true, a message says so and the
// statistics and posterior are null. With discounted counts (forgetting) w and l are reals and n
// is left to the caller, who knows the events seen.
nlohmann::json posterior_summary(const GridPosterior& posterior, std::string_view prior_type,
                                 std::span<const double> prior_probabilities, double interval_mass,
                                 bool compact);

// The message for data that no grid point of the prior can explain.
std::string impossible_data_message(const GridPosterior& posterior);

}  // namespace binomial_grid
