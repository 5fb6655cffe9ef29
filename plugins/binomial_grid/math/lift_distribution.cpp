#include "math/lift_distribution.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "math/check_grid_posteriors.hpp"

namespace binomial_grid {
namespace {

// See cdf(): how far above (1 + x) i an index may be and still count as equal to it.
constexpr double tie_tolerance = 1e-12;
// See quantile(): the relative width at which the bisection stops, below the relative spacing
// 1 / (G - 1)^2 of the atoms and above the rounding of the bracket's ends.
constexpr double bracket_tolerance = 1e-13;

void check_finite(double x, const char* what) {
  if (!std::isfinite(x)) throw std::invalid_argument(std::string(what) + " must be finite");
}

}  // namespace

std::optional<LiftDistribution> LiftDistribution::of(std::span<const double> grid, std::span<const double> a,
                                                     std::span<const double> b) {
  const std::span<const double> posteriors[] = {a, b};
  check_grid_posteriors(grid, posteriors);
  if (a[0] > 0.0) return std::nullopt;

  LiftDistribution lift;
  const std::size_t points = grid.size();
  lift.last_index_ = points - 1;
  lift.a_.assign(a.begin(), a.end());
  lift.b_below_.assign(points + 1, 0.0);
  lift.b_above_.assign(points + 1, 0.0);
  lift.b_last_positive_.assign(points, -1);
  for (std::size_t j = 0; j < points; ++j) {
    lift.b_below_[j + 1] = lift.b_below_[j] + b[j];
    lift.b_last_positive_[j] =
        b[j] > 0.0 ? static_cast<std::ptrdiff_t>(j) : (j == 0 ? -1 : lift.b_last_positive_[j - 1]);
  }
  for (std::size_t j = points; j-- > 0;) lift.b_above_[j] = lift.b_above_[j + 1] + b[j];

  // Both posteriors sum to one, so each has a first and a last positive point; A's first is >= 1.
  while (a[lift.a_first_] == 0.0) ++lift.a_first_;
  lift.a_last_ = points - 1;
  while (a[lift.a_last_] == 0.0) --lift.a_last_;
  while (b[lift.b_first_] == 0.0) ++lift.b_first_;
  lift.b_last_ = points - 1;
  while (b[lift.b_last_] == 0.0) --lift.b_last_;

  double b_mean = 0.0;
  for (std::size_t j = 0; j < points; ++j) b_mean += b[j] * grid[j];
  double a_inverse_mean = 0.0;
  for (std::size_t i = lift.a_first_; i <= lift.a_last_; ++i) a_inverse_mean += a[i] / grid[i];
  lift.mean_ = b_mean * a_inverse_mean - 1.0;
  return lift;
}

std::ptrdiff_t LiftDistribution::last_b_index_at_most(double ratio, std::size_t i) const noexcept {
  const double position = ratio * static_cast<double>(i) * (1.0 + tie_tolerance);
  if (position < 0.0) return -1;
  if (position >= static_cast<double>(last_index_)) return static_cast<std::ptrdiff_t>(last_index_);
  return static_cast<std::ptrdiff_t>(std::floor(position));
}

double LiftDistribution::ratio_cdf(double ratio) const noexcept {
  double probability = 0.0;
  for (std::size_t i = a_first_; i <= a_last_; ++i) {
    probability += a_[i] * b_below_[static_cast<std::size_t>(last_b_index_at_most(ratio, i) + 1)];
  }
  return probability;
}

double LiftDistribution::ratio_survival(double ratio) const noexcept {
  double probability = 0.0;
  for (std::size_t i = a_first_; i <= a_last_; ++i) {
    probability += a_[i] * b_above_[static_cast<std::size_t>(last_b_index_at_most(ratio, i) + 1)];
  }
  return probability;
}

double LiftDistribution::cdf(double x) const {
  if (std::isnan(x)) throw std::invalid_argument("the lift's cdf needs a number");
  return ratio_cdf(1.0 + x);
}

double LiftDistribution::probability_above(double x) const {
  if (std::isnan(x)) throw std::invalid_argument("the lift's tail needs a number");
  return ratio_survival(1.0 + x);
}

template <class Reached>
double LiftDistribution::smallest_ratio_where(Reached reached) const {
  double low = static_cast<double>(b_first_) / static_cast<double>(a_last_);   // the smallest atom
  double high = static_cast<double>(b_last_) / static_cast<double>(a_first_);  // the largest atom
  if (reached(low)) return low;
  // Invariant: not reached at low, reached at high; high > low >= 0.
  while (high - low > bracket_tolerance * high) {
    const double middle = low + (high - low) / 2.0;
    (reached(middle) ? high : low) = middle;
  }
  return largest_ratio_at_most(high);
}

double LiftDistribution::largest_ratio_at_most(double ratio) const {
  // The fractions j / i are compared exactly, by cross multiplication: j, i < G < 2^32.
  std::uint64_t best_j = 0;
  std::uint64_t best_i = 1;
  bool found = false;
  for (std::size_t i = a_first_; i <= a_last_; ++i) {
    if (a_[i] == 0.0) continue;
    const std::ptrdiff_t below = last_b_index_at_most(ratio, i);
    if (below < 0) continue;
    const std::ptrdiff_t j = b_last_positive_[static_cast<std::size_t>(below)];
    if (j < 0) continue;
    const auto candidate_j = static_cast<std::uint64_t>(j);
    if (!found || candidate_j * best_i > best_j * i) {
      best_j = candidate_j;
      best_i = i;
      found = true;
    }
  }
  return static_cast<double>(best_j) / static_cast<double>(best_i);
}

double LiftDistribution::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("a quantile needs 0 <= q <= 1");
  // Below the median the cdf is summed, above it the upper tail: each keeps a small probability's
  // precision. 1 - q is exact for q >= 0.5.
  if (q <= 0.5) return smallest_ratio_where([&](double ratio) { return ratio_cdf(ratio) >= q; }) - 1.0;
  return smallest_ratio_where([&](double ratio) { return ratio_survival(ratio) <= 1.0 - q; }) - 1.0;
}

LiftInterval LiftDistribution::central_interval(double mass) const {
  if (!(mass > 0.0 && mass <= 1.0)) throw std::invalid_argument("an interval needs 0 < mass <= 1");
  const double tail = (1.0 - mass) / 2.0;
  return {smallest_ratio_where([&](double ratio) { return ratio_cdf(ratio) >= tail; }) - 1.0,
          smallest_ratio_where([&](double ratio) { return ratio_survival(ratio) <= tail; }) - 1.0};
}

LiftHistogram LiftDistribution::histogram(double lower, double upper, std::size_t bins) const {
  check_finite(lower, "a histogram's lower end");
  check_finite(upper, "a histogram's upper end");
  if (!(lower < upper)) throw std::invalid_argument("a histogram needs lower < upper");
  if (bins == 0) throw std::invalid_argument("a histogram needs at least one bin");
  LiftHistogram histogram{lower, upper, std::vector<double>(bins)};
  const double width = (upper - lower) / static_cast<double>(bins);
  double below = cdf(lower);
  for (std::size_t k = 0; k < bins; ++k) {
    const double edge = k + 1 == bins ? upper : lower + static_cast<double>(k + 1) * width;
    const double below_edge = cdf(edge);
    histogram.mass[k] = below_edge - below;
    below = below_edge;
  }
  return histogram;
}

}  // namespace binomial_grid
