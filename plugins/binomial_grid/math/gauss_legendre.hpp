// Gauss-Legendre quadrature on [0, 1].
#pragma once

#include <cstddef>
#include <vector>

namespace binomial_grid {

struct Quadrature {
  std::vector<double> nodes;
  std::vector<double> weights;  // summing to one, the length of [0, 1]
};

// `points` >= 1 nodes and weights that integrate every polynomial of degree <= 2 points - 1 over
// [0, 1] exactly, up to rounding. O(points^2) (Boost.Math's Newton iterations for the zeros).
Quadrature gauss_legendre_on_unit_interval(std::size_t points);

}  // namespace binomial_grid
