#include "math/check_grid_posteriors.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace binomial_grid {

void check_grid_posteriors(std::span<const double> grid,
                           std::span<const std::span<const double>> posteriors) {
  if (grid.size() < 2) throw std::invalid_argument("a grid needs at least two points");
  const double last = static_cast<double>(grid.size() - 1);
  for (std::size_t j = 0; j < grid.size(); ++j) {
    if (!(std::abs(grid[j] - static_cast<double>(j) / last) <= 1e-12)) {
      throw std::invalid_argument("grid point " + std::to_string(j) + " is " + std::to_string(grid[j]) +
                                  ", not evenly spaced from 0 to 1");
    }
  }
  for (std::size_t index = 0; index < posteriors.size(); ++index) {
    const std::span<const double> probabilities = posteriors[index];
    const std::string name = "posterior " + std::to_string(index);
    if (probabilities.size() != grid.size()) {
      throw std::invalid_argument(name + " has " + std::to_string(probabilities.size()) +
                                  " probabilities for a grid of " + std::to_string(grid.size()) + " points");
    }
    double total = 0.0;
    for (const double probability : probabilities) {
      if (!(probability >= 0.0 && std::isfinite(probability))) {
        throw std::invalid_argument(name + " has a negative or non-finite probability");
      }
      total += probability;
    }
    if (!(std::abs(total - 1.0) <= 1e-9)) {
      throw std::invalid_argument(name + "'s probabilities sum to " + std::to_string(total) + ", not 1");
    }
  }
}

}  // namespace binomial_grid
