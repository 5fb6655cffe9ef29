#include "math/posterior_samples.hpp"

#include <random>

namespace binomial_grid {

std::vector<double> sample_posterior(std::span<const double> grid, std::span<const double> probabilities,
                                     std::uint32_t draws, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::discrete_distribution<std::size_t> pick_point(probabilities.begin(), probabilities.end());
  std::vector<double> samples;
  samples.reserve(draws);
  for (std::uint32_t draw = 0; draw < draws; ++draw) samples.push_back(grid[pick_point(random)]);
  return samples;
}

}  // namespace binomial_grid
