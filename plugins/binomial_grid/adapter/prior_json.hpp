// The prior's JSON form: read from the model's config, written into snapshots and summaries.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "event_engine/config_reader.hpp"
#include "math/prior.hpp"

namespace binomial_grid {

// Reads {"type": "uniform" | "step" | "beta" | "list", ...} for a grid of `grid_points`. Throws
// event_engine::ConfigError naming the path of a bad value, or of the prior itself when it is zero
// at every grid point.
Prior read_prior(const event_engine::ConfigReader& prior, std::size_t grid_points);

// The canonical JSON of a prior: the same prior always gives the same JSON.
nlohmann::json prior_to_json(const Prior& prior);

}  // namespace binomial_grid
