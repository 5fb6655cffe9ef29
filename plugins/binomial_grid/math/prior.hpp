// The prior kinds a Binomial grid model takes, and their weights at the grid points.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace binomial_grid {

struct UniformPrior {
  bool operator==(const UniformPrior&) const = default;
};

// One where above < p < below, zero elsewhere; a missing bound does not restrict.
struct StepPrior {
  std::optional<double> above;
  std::optional<double> below;
  bool operator==(const StepPrior&) const = default;
};

// Beta(a, b), with a > 0 and b > 0.
struct BetaPrior {
  double a;
  double b;
  bool operator==(const BetaPrior&) const = default;
};

// One non-negative weight per grid point.
struct ListPrior {
  std::vector<double> values;
  bool operator==(const ListPrior&) const = default;
};

using Prior = std::variant<UniformPrior, StepPrior, BetaPrior, ListPrior>;

// "uniform", "step", "beta" or "list".
std::string_view prior_type_name(const Prior& prior);

// The log of the prior weight at each point of `grid` (evenly spaced on [0, 1], both ends
// included, at least two points), -infinity where the prior is zero. Not normalised. A list prior
// has one value per grid point.
std::vector<double> log_prior_weights(const Prior& prior, std::span<const double> grid);

}  // namespace binomial_grid
