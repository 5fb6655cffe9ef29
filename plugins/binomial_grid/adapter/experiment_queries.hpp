// The binomial_grid model's questions over keys, for live A/B/n experiments (each variant a key):
//   compare  ?a=A&b=B[&delta=D]       P(B beats A), the expected loss of choosing either, the lift
//   best     ?keys=A,B,C or ?prefix=P  each key's P(best) and expected loss of choosing it
//   srm      ... [&weights=..][&threshold=T]  sample ratio mismatch of the keys' n against a split
// and /plot/compare.png, the lift's density with its mass above zero shaded. Exact on the grid
// (math/posterior_comparison, math/best_of_keys, math/sample_ratio); no Monte Carlo.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "event_engine/model.hpp"
#include "math/grid_posterior.hpp"

namespace binomial_grid {

// A key's name, its posterior and its n, as a query over keys reads them.
struct KeyPosterior {
  std::string_view key;
  GridPosterior posterior;
  // The events the key took: W + L without forgetting; with it, the events seen (not the
  // discounted W + L), which is what a sample ratio test counts.
  std::uint64_t n = 0;
};

// Throws event_engine::QueryError: 400 for a bad parameter or the wrong number of keys, 409 for a
// key whose data the prior cannot explain, 404 for an unknown name.
nlohmann::json answer_keys_query(std::string_view name, const std::vector<KeyPosterior>& keys,
                                 const event_engine::QueryParameters& parameters, double interval_mass);
event_engine::ModelView keys_query_view(std::string_view name, const std::vector<KeyPosterior>& keys,
                                        const event_engine::QueryParameters& parameters,
                                        double interval_mass);

}  // namespace binomial_grid
