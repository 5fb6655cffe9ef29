// The argument checks shared by the comparisons of posteriors on one grid.
#pragma once

#include <span>

namespace binomial_grid {

// Throws std::invalid_argument, naming the problem, unless `grid` is G >= 2 evenly spaced points
// from 0 to 1 (within 1e-12) and each of `posteriors` has G finite, non-negative probabilities
// summing to one (within 1e-9). The comparisons find grid points by index arithmetic, which is why
// the spacing is checked. O(G) per posterior.
void check_grid_posteriors(std::span<const double> grid, std::span<const std::span<const double>> posteriors);

}  // namespace binomial_grid
