#include "math/posterior_comparison.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "math/check_grid_posteriors.hpp"

namespace binomial_grid {
namespace {

void check_pair(std::span<const double> grid, std::span<const double> a, std::span<const double> b) {
  const std::span<const double> posteriors[] = {a, b};
  check_grid_posteriors(grid, posteriors);
}

// E[max(p_high - p_low, 0)] = ∫ P(p_low <= t) P(p_high > t) dt. Within the cell [θ_m, θ_m+1) the
// first is low's cumulative probability up to m and the second high's probability beyond m.
double expected_excess(std::span<const double> grid, std::span<const double> high,
                       std::span<const double> low) {
  std::vector<double> high_above(grid.size() + 1, 0.0);  // high_above[j]: high's probability at points >= j
  for (std::size_t j = grid.size(); j-- > 0;) high_above[j] = high_above[j + 1] + high[j];
  double low_up_to = 0.0;
  double excess = 0.0;
  for (std::size_t m = 0; m + 1 < grid.size(); ++m) {
    low_up_to += low[m];
    excess += (grid[m + 1] - grid[m]) * low_up_to * high_above[m + 1];
  }
  return excess;
}

// Σ_j w_B(j) [C_A(j - 1) + w_A(j) / 2].
double probability_b_above_a(std::span<const double> a, std::span<const double> b) {
  double a_below = 0.0;
  double probability = 0.0;
  for (std::size_t j = 0; j < b.size(); ++j) {
    probability += b[j] * (a_below + a[j] / 2.0);
    a_below += a[j];
  }
  return probability;
}

}  // namespace

double p_b_beats_a(std::span<const double> grid, std::span<const double> a, std::span<const double> b) {
  check_pair(grid, a, b);
  return probability_b_above_a(a, b);
}

double expected_loss_choose_b(std::span<const double> grid, std::span<const double> a,
                              std::span<const double> b) {
  check_pair(grid, a, b);
  return expected_excess(grid, a, b);
}

double expected_loss_choose_a(std::span<const double> grid, std::span<const double> a,
                              std::span<const double> b) {
  check_pair(grid, a, b);
  return expected_excess(grid, b, a);
}

Comparison compare_posteriors(std::span<const double> grid, std::span<const double> a,
                              std::span<const double> b, const ComparisonSettings& settings) {
  // Checked before anything else, so that a request is refused the same whether the lift exists.
  if (!(settings.interval_mass > 0.0 && settings.interval_mass <= 1.0)) {
    throw std::invalid_argument("the lift's interval mass must be in (0, 1]");
  }
  if (!(settings.histogram_mass > 0.0 && settings.histogram_mass <= 1.0)) {
    throw std::invalid_argument("the histogram's mass must be in (0, 1]");
  }
  if (std::isnan(settings.delta)) throw std::invalid_argument("delta must be a number");
  if (settings.histogram_bins == 0) throw std::invalid_argument("a histogram needs at least one bin");
  check_pair(grid, a, b);
  Comparison comparison{probability_b_above_a(a, b), expected_excess(grid, b, a), expected_excess(grid, a, b),
                        std::nullopt};
  const std::optional<LiftDistribution> lift = LiftDistribution::of(grid, a, b);
  if (!lift) return comparison;
  const LiftInterval interval = lift->central_interval(settings.interval_mass);
  LiftInterval range = lift->central_interval(settings.histogram_mass);
  if (range.lower == range.upper) range = {range.lower - 0.01, range.upper + 0.01};
  comparison.lift = LiftSummary{lift->mean(), interval, lift->probability_above(settings.delta),
                                lift->histogram(range.lower, range.upper, settings.histogram_bins)};
  return comparison;
}

}  // namespace binomial_grid
