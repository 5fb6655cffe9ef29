// Draws of p from the grid posterior: the seed notebook's
// np.random.choice(p_grid, p=posterior, size=draws).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace binomial_grid {

// `draws` grid points picked with the posterior's `probabilities` (summing to one), in the order
// drawn. The same seed gives the same draws with the same standard library. O(grid + draws).
std::vector<double> sample_posterior(std::span<const double> grid, std::span<const double> probabilities,
                                     std::uint32_t draws, std::uint64_t seed);

}  // namespace binomial_grid
