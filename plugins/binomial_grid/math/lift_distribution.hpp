// The relative lift L = p_B / p_A - 1 of two independent posteriors A and B on one grid of G evenly
// spaced points θ_j = j / (G - 1). It is a discrete distribution: an atom at j / i - 1 of
// probability w_A(i) w_B(j) for each pair of points with i >= 1. When A has probability at
// p_A = 0 the lift is unbounded, and there is no LiftDistribution.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace binomial_grid {

struct LiftInterval {
  double lower;
  double upper;
};

// The lift's probability in equal bins over [lower, upper]: mass[k] = P(e_k < L <= e_k+1) for the
// bin edges e_k = lower + k (upper - lower) / bins. The density in a bin is its mass over its
// width; the mass outside the range is in no bin.
struct LiftHistogram {
  double lower;
  double upper;
  std::vector<double> mass;
};

class LiftDistribution {
 public:
  // The lift of `b` over `a`, both normalised probabilities on `grid` (checked, see
  // check_grid_posteriors); empty when a[0] > 0. O(G) time and space.
  static std::optional<LiftDistribution> of(std::span<const double> grid, std::span<const double> a,
                                            std::span<const double> b);

  // E[L] = E[p_B] E[1 / p_A] - 1, exact on the grid. O(1), computed by `of`.
  double mean() const noexcept { return mean_; }

  // P(L <= x). O(G). At an atom the atom counts: for each point i of A, the points of B at most
  // (1 + x) θ_i are the indices j <= (1 + x) i, with a relative tolerance of 1e-12 on (1 + x) i so
  // that a point equal to (1 + x) θ_i counts when 1 + x is rounded (1 + 0.1 is not 11/10). The next
  // index is a whole unit away, far beyond the tolerance for any grid of fewer than 10^11 points.
  double cdf(double x) const;

  // P(L > x), strictly, with the same tolerance at atoms. O(G). Summed from B's upper tail rather
  // than as 1 - cdf(x), so that a small probability keeps its relative precision.
  double probability_above(double x) const;

  // The smallest atom x with P(L <= x) >= q, for 0 <= q <= 1 (q = 0 gives the smallest atom, q = 1
  // the largest). Bisection on the ratio 1 + x over the O(G) cdf, down to a bracket of relative
  // width 1e-13, then the one atom in the bracket is found exactly (its j / i - 1): atoms differ
  // by at least 1 / (G - 1)^2 relatively, so the result is exact for grids of up to ~10^6 points.
  // O(G log2((G - 1)^2 10^13)), about 60 cdf evaluations at G = 1000.
  double quantile(double q) const;

  // The central interval holding at least `mass` (0 < mass <= 1): at most (1 - mass) / 2 of the
  // probability lies below it and at most as much above it, as percentile_interval on the grid.
  // Two quantile searches.
  LiftInterval central_interval(double mass) const;

  // `bins` >= 1 equal bins over [lower, upper], lower < upper. O(bins G): one cdf per bin edge.
  LiftHistogram histogram(double lower, double upper, std::size_t bins) const;

 private:
  LiftDistribution() = default;

  // The last index j of B's grid with j <= ratio * i (within the tolerance), -1 when there is none.
  std::ptrdiff_t last_b_index_at_most(double ratio, std::size_t i) const noexcept;
  // P(p_B <= ratio p_A) and P(p_B > ratio p_A).
  double ratio_cdf(double ratio) const noexcept;
  double ratio_survival(double ratio) const noexcept;
  // The smallest atom of p_B / p_A at which `reached` holds: `reached` is monotone in the ratio
  // and holds at the largest atom.
  template <class Reached>
  double smallest_ratio_where(Reached reached) const;
  // The largest atom j / i of p_B / p_A at most `ratio` (within the tolerance).
  double largest_ratio_at_most(double ratio) const;

  std::size_t last_index_ = 0;  // G - 1
  std::vector<double> a_;
  std::size_t a_first_ = 0;  // A's first and last points with positive probability
  std::size_t a_last_ = 0;
  std::vector<double> b_below_;  // b_below_[j]: B's probability at points < j; G + 1 entries
  std::vector<double> b_above_;  // b_above_[j]: B's probability at points >= j; G + 1 entries
  // b_last_positive_[j]: the last point <= j with positive probability under B, -1 when none.
  std::vector<std::ptrdiff_t> b_last_positive_;
  std::size_t b_first_ = 0;
  std::size_t b_last_ = 0;
  double mean_ = 0.0;
};

}  // namespace binomial_grid
