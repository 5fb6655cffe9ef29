// Posterior predictive draws: how many successes the next `trials` trials may bring.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace binomial_grid {

struct PredictiveDraws {
  std::vector<std::uint64_t> histogram;  // histogram[k]: draws with k successes, k = 0..trials
  double mean;                           // mean number of successes over the draws
};

// Draws p from the grid posterior (`probabilities` at the `grid` points, summing to one), then a
// Binomial(trials, p) count, `draws` times. The same seed gives the same draws with the same standard
// library. trials >= 1, draws >= 1.
PredictiveDraws sample_posterior_predictive(std::span<const double> grid,
                                            std::span<const double> probabilities, std::uint32_t trials,
                                            std::uint32_t draws, std::uint64_t seed);

}  // namespace binomial_grid
