// Summaries of a distribution on a grid: moments, mode and the intervals Statistical Rethinking
// reports. `probabilities` has one entry per grid point and sums to one.
#pragma once

#include <cstddef>
#include <span>

namespace binomial_grid {

struct Moments {
  double mean;
  double sd;
};

Moments moments(std::span<const double> grid, std::span<const double> probabilities);

// The index of the most probable point (the first one on a tie).
std::size_t mode_index(std::span<const double> probabilities);

// Grid indices [lower, upper], both included.
struct IndexInterval {
  std::size_t lower;
  std::size_t upper;
};

// The central interval: at most (1 - mass) / 2 of the probability lies below it and at most as much
// above it, so it holds at least `mass`. 0 < mass <= 1.
IndexInterval percentile_interval(std::span<const double> probabilities, double mass);

// The highest posterior density interval: the narrowest run of grid points holding at least
// `mass` (the one holding the most among equally narrow runs), as Rethinking's HPDI. 0 < mass <= 1.
IndexInterval highest_density_interval(std::span<const double> probabilities, double mass);

}  // namespace binomial_grid
