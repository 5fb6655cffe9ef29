#include "math/posterior_predictive.hpp"

#include <random>

namespace binomial_grid {

PredictiveDraws sample_posterior_predictive(std::span<const double> grid,
                                            std::span<const double> probabilities, std::uint32_t trials,
                                            std::uint32_t draws, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::discrete_distribution<std::size_t> pick_point(probabilities.begin(), probabilities.end());
  std::vector<std::uint32_t> draws_at_point(grid.size(), 0);
  for (std::uint32_t draw = 0; draw < draws; ++draw) ++draws_at_point[pick_point(random)];

  // Draws at the same p share one binomial distribution, whose set-up costs more than a draw.
  PredictiveDraws result{std::vector<std::uint64_t>(trials + 1, 0), 0.0};
  std::uint64_t total_successes = 0;
  for (std::size_t point = 0; point < grid.size(); ++point) {
    if (draws_at_point[point] == 0) continue;
    std::binomial_distribution<std::uint32_t> successes_in(trials, grid[point]);
    for (std::uint32_t draw = 0; draw < draws_at_point[point]; ++draw) {
      const std::uint32_t successes = successes_in(random);
      ++result.histogram[successes];
      total_successes += successes;
    }
  }
  result.mean = static_cast<double>(total_successes) / static_cast<double>(draws);
  return result;
}

}  // namespace binomial_grid
