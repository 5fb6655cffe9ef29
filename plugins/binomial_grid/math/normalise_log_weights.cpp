#include "math/normalise_log_weights.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace binomial_grid {

std::vector<double> normalise_log_weights(std::span<const double> log_weights) {
  std::vector<double> probabilities(log_weights.size(), 0.0);
  const double largest = *std::max_element(log_weights.begin(), log_weights.end());
  if (largest == -std::numeric_limits<double>::infinity()) return probabilities;
  double total = 0.0;
  for (std::size_t i = 0; i < log_weights.size(); ++i) {
    probabilities[i] = std::exp(log_weights[i] - largest);
    total += probabilities[i];
  }
  for (double& probability : probabilities) probability /= total;
  return probabilities;
}

}  // namespace binomial_grid
