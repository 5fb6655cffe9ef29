#include "math/posterior_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace binomial_grid {

Moments moments(std::span<const double> grid, std::span<const double> probabilities) {
  double mean = 0.0;
  for (std::size_t i = 0; i < grid.size(); ++i) mean += probabilities[i] * grid[i];
  // Two passes: E[(p - mean)^2] does not cancel catastrophically as E[p^2] - mean^2 does when the
  // posterior is narrow.
  double variance = 0.0;
  for (std::size_t i = 0; i < grid.size(); ++i)
    variance += probabilities[i] * (grid[i] - mean) * (grid[i] - mean);
  return {mean, std::sqrt(variance)};
}

std::size_t mode_index(std::span<const double> probabilities) {
  return static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) -
                                  probabilities.begin());
}

IndexInterval percentile_interval(std::span<const double> probabilities, double mass) {
  const double total = std::accumulate(probabilities.begin(), probabilities.end(), 0.0);
  // Relative to the computed total, so that rounding in the sum cannot push a tail past its share.
  const double tail = total * (1.0 - mass) / 2.0;
  std::size_t lower = 0;
  for (double below = probabilities[0]; below <= tail && lower + 1 < probabilities.size();) {
    below += probabilities[++lower];
  }
  std::size_t upper = probabilities.size() - 1;
  for (double above = probabilities[upper]; above <= tail && upper > 0;) above += probabilities[--upper];
  return {lower, upper};
}

IndexInterval highest_density_interval(std::span<const double> probabilities, double mass) {
  std::vector<double> before(probabilities.size() + 1, 0.0);  // before[i]: the mass of points < i
  std::partial_sum(probabilities.begin(), probabilities.end(), before.begin() + 1);
  const double wanted = before.back() * mass;
  auto mass_of = [&](std::size_t lower, std::size_t upper) { return before[upper + 1] - before[lower]; };

  IndexInterval best{0, probabilities.size() - 1};
  // For each lower end, the first upper end holding enough; it never moves left as the lower end
  // moves right, so the scan is O(G).
  std::size_t upper = 0;
  for (std::size_t lower = 0; lower < probabilities.size(); ++lower) {
    upper = std::max(upper, lower);
    while (upper < probabilities.size() && mass_of(lower, upper) < wanted) ++upper;
    if (upper == probabilities.size()) break;
    const std::size_t width = upper - lower;
    const std::size_t best_width = best.upper - best.lower;
    if (width < best_width ||
        (width == best_width && mass_of(lower, upper) > mass_of(best.lower, best.upper))) {
      best = {lower, upper};
    }
  }
  return best;
}

}  // namespace binomial_grid
