#include "math/prior.hpp"

#include <cmath>
#include <limits>

#include "math/times_log.hpp"

namespace binomial_grid {
namespace {

constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

double step_log_weight(const StepPrior& step, double p) {
  const bool inside = (!step.above || p > *step.above) && (!step.below || p < *step.below);
  return inside ? 0.0 : minus_infinity;
}

double beta_log_weight(const BetaPrior& beta, double p, double half_cell) {
  // With a < 1 (b < 1) the density is infinite at p = 0 (p = 1). An end point stands for the half
  // cell next to it, so it takes that half cell's mean density, to leading order (h/2)^(a-1) / a:
  // finite, and larger than at the neighbouring point, as the density is.
  if (p == 0.0 && beta.a < 1.0) return (beta.a - 1.0) * std::log(half_cell) - std::log(beta.a);
  if (p == 1.0 && beta.b < 1.0) return (beta.b - 1.0) * std::log(half_cell) - std::log(beta.b);
  return times_log(beta.a - 1.0, std::log(p)) + times_log(beta.b - 1.0, std::log1p(-p));
}

}  // namespace

std::string_view prior_type_name(const Prior& prior) {
  static constexpr std::string_view names[] = {"uniform", "step", "beta", "list"};
  return names[prior.index()];
}

std::vector<double> log_prior_weights(const Prior& prior, std::span<const double> grid) {
  std::vector<double> weights(grid.size(), 0.0);
  if (const auto* step = std::get_if<StepPrior>(&prior)) {
    for (std::size_t i = 0; i < grid.size(); ++i) weights[i] = step_log_weight(*step, grid[i]);
  } else if (const auto* beta = std::get_if<BetaPrior>(&prior)) {
    const double half_cell = grid[1] / 2.0;
    for (std::size_t i = 0; i < grid.size(); ++i) weights[i] = beta_log_weight(*beta, grid[i], half_cell);
  } else if (const auto* list = std::get_if<ListPrior>(&prior)) {
    for (std::size_t i = 0; i < grid.size(); ++i) weights[i] = std::log(list->values.at(i));
  }
  return weights;
}

}  // namespace binomial_grid
