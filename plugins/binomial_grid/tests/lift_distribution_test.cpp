#include "math/lift_distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "experiment_reference.hpp"

namespace binomial_grid {
namespace {

// One value j / i - 1 of the lift and its probability, all pairs with the same ratio merged.
struct Atom {
  std::uint64_t j;
  std::uint64_t i;
  double probability;
  double value() const { return static_cast<double>(j) / static_cast<double>(i) - 1.0; }
};

// Every pair of points, sorted by the exact ratio j / i: O(G^2 log G), for small grids only.
std::vector<Atom> atoms_of(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<Atom> pairs;
  for (std::uint64_t i = 1; i < a.size(); ++i) {
    for (std::uint64_t j = 0; j < b.size(); ++j) {
      if (a[i] > 0.0 && b[j] > 0.0) pairs.push_back({j, i, a[i] * b[j]});
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Atom& x, const Atom& y) { return x.j * y.i < y.j * x.i; });
  std::vector<Atom> atoms;
  for (const Atom& pair : pairs) {
    if (!atoms.empty() && atoms.back().j * pair.i == pair.j * atoms.back().i) {
      atoms.back().probability += pair.probability;
    } else {
      atoms.push_back(pair);
    }
  }
  return atoms;
}

LiftDistribution lift_of(const std::vector<double>& a, const std::vector<double>& b) {
  std::optional<LiftDistribution> lift = LiftDistribution::of(even_grid(a.size()), a, b);
  if (!lift) throw std::logic_error("no lift");
  return *lift;
}

TEST(LiftDistribution, CdfTailAndMeanMatchEveryAtom) {
  std::mt19937_64 random(8);
  for (std::size_t points : {2u, 5u, 23u, 41u}) {
    SCOPED_TRACE(testing::Message() << points << " points");
    const std::vector<double> a = random_posterior(points, random, true);
    const std::vector<double> b = random_posterior(points, random, false);
    const LiftDistribution lift = lift_of(a, b);
    const std::vector<Atom> atoms = atoms_of(a, b);
    double below = 0.0;
    double mean = 0.0;
    for (std::size_t k = 0; k < atoms.size(); ++k) {
      // Just below the atom, at it, and halfway to the next.
      const double x = atoms[k].value();
      EXPECT_NEAR(lift.cdf(x - 1e-9), below, 1e-14) << "below atom " << k;
      below += atoms[k].probability;
      EXPECT_NEAR(lift.cdf(x), below, 1e-14) << "at atom " << k;
      EXPECT_NEAR(lift.probability_above(x), 1.0 - below, 1e-14) << "at atom " << k;
      if (k + 1 < atoms.size()) {
        EXPECT_NEAR(lift.cdf((x + atoms[k + 1].value()) / 2.0), below, 1e-14) << "after atom " << k;
      }
      mean += atoms[k].probability * x;
    }
    EXPECT_NEAR(lift.mean(), mean, 1e-12);
    EXPECT_EQ(lift.cdf(-1.5), 0.0);
    EXPECT_NEAR(lift.probability_above(-1.5), 1.0, 1e-15);
    EXPECT_NEAR(lift.cdf(static_cast<double>(points)), 1.0, 1e-15);
    EXPECT_EQ(lift.probability_above(static_cast<double>(points)), 0.0);
  }
}

TEST(LiftDistribution, QuantilesAreExactAtoms) {
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::size_t points : {2u, 6u, 31u, 41u}) {
    SCOPED_TRACE(testing::Message() << points << " points");
    const std::vector<double> a = random_posterior(points, random, true);
    const std::vector<double> b = random_posterior(points, random, false);
    const LiftDistribution lift = lift_of(a, b);
    const std::vector<Atom> atoms = atoms_of(a, b);
    EXPECT_EQ(lift.quantile(0.0), atoms.front().value());
    EXPECT_EQ(lift.quantile(1.0), atoms.back().value());
    for (int round = 0; round < 200; ++round) {
      // The smallest atom whose cumulative probability reaches q.
      const double q = uniform(random);
      double below = 0.0;
      std::size_t k = 0;
      while (k + 1 < atoms.size() && below + atoms[k].probability < q) below += atoms[k++].probability;
      EXPECT_EQ(lift.quantile(q), atoms[k].value()) << "q = " << q;
    }
  }
}

TEST(LiftDistribution, QuantilesOfABetaSizedGrid) {
  // G = 1001: the bisection's bracket must isolate one atom among about 10^6 close ones.
  const std::vector<double> a = beta_posterior(1001, 40, 360);
  const std::vector<double> b = beta_posterior(1001, 52, 348);
  const LiftDistribution lift = lift_of(a, b);
  for (double q : {0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999}) {
    SCOPED_TRACE(testing::Message() << "q = " << q);
    const double x = lift.quantile(q);
    EXPECT_GE(lift.cdf(x), q);
    // The next atom down is at least 1 / 1000^2 relatively away.
    EXPECT_LT(lift.cdf((1.0 + x) * (1.0 - 0.5e-6) - 1.0), q);
    // An exact ratio of grid indices.
    bool is_a_ratio = false;
    for (int i = 1; i <= 1000 && !is_a_ratio; ++i) {
      const double j = std::round((1.0 + x) * i);
      is_a_ratio = j / i - 1.0 == x;
    }
    EXPECT_TRUE(is_a_ratio);
  }
  const LiftInterval interval = lift.central_interval(0.95);
  EXPECT_EQ(interval.lower, lift.quantile(0.025));
  EXPECT_EQ(interval.upper, lift.quantile(0.975));
  EXPECT_LE(lift.cdf(interval.lower) - (lift.cdf(interval.lower) - lift.cdf(interval.lower - 1e-9)), 0.025);
  EXPECT_LE(lift.probability_above(interval.upper), 0.025);
}

TEST(LiftDistribution, DecimalDeltasAtAtomsCountAsTies) {
  // 1 + δ is rounded for most δ below, yet each is an atom j / i of the lift on a grid of 201
  // points: P(L > δ) must leave the atom out and P(L <= δ) take it in, as whole-number arithmetic
  // does. Compared exactly in doubles, -0.3, -0.9 and 2/3 would lose some of their atom's pairs.
  constexpr std::size_t points = 201;
  const std::vector<double> a = beta_posterior(points, 3, 2);
  const std::vector<double> b = beta_posterior(points, 0, 2);  // with probability at p_B = 0
  const LiftDistribution lift = lift_of(a, b);
  struct Delta {
    double delta;
    std::uint64_t numerator;  // 1 + δ = numerator / denominator
    std::uint64_t denominator;
  };
  for (const Delta& delta : {Delta{0.1, 11, 10}, Delta{0.05, 21, 20}, Delta{0.35, 27, 20}, Delta{0.7, 17, 10},
                             Delta{-0.3, 7, 10}, Delta{3.35, 87, 20}, Delta{-0.9, 1, 10}, Delta{-1.0, 0, 1},
                             Delta{0.0, 1, 1}, Delta{2.0 / 3.0, 5, 3}}) {
    double above = 0.0;
    double at_or_below = 0.0;
    double at = 0.0;
    for (std::uint64_t i = 1; i < points; ++i) {
      for (std::uint64_t j = 0; j < points; ++j) {
        (j * delta.denominator > delta.numerator * i ? above : at_or_below) += a[i] * b[j];
        if (j * delta.denominator == delta.numerator * i) at += a[i] * b[j];
      }
    }
    SCOPED_TRACE(testing::Message() << "delta = " << delta.delta);
    EXPECT_GT(at, 0.0);
    EXPECT_NEAR(lift.probability_above(delta.delta), above, 1e-14);
    EXPECT_NEAR(lift.cdf(delta.delta), at_or_below, 1e-14);
  }
}

TEST(LiftDistribution, HistogramBinsTheAtoms) {
  std::mt19937_64 random(12);
  const std::vector<double> a = random_posterior(37, random, true);
  const std::vector<double> b = random_posterior(37, random, false);
  const LiftDistribution lift = lift_of(a, b);
  // Ends and edges that no atom j / i - 1 with i, j <= 36 falls on.
  const double lower = -0.7123;
  const double upper = 1.9371;
  constexpr std::size_t bins = 13;
  const LiftHistogram histogram = lift.histogram(lower, upper, bins);
  EXPECT_EQ(histogram.lower, lower);
  EXPECT_EQ(histogram.upper, upper);
  std::vector<double> expected(bins, 0.0);
  const double width = (upper - lower) / bins;
  for (const Atom& atom : atoms_of(a, b)) {
    const double x = atom.value();
    if (x <= lower || x > upper) continue;
    expected[std::min(bins - 1, static_cast<std::size_t>((x - lower) / width))] += atom.probability;
  }
  ASSERT_EQ(histogram.mass.size(), bins);
  for (std::size_t k = 0; k < bins; ++k) EXPECT_NEAR(histogram.mass[k], expected[k], 1e-14) << "bin " << k;
  EXPECT_THROW(lift.histogram(1.0, 1.0, 3), std::invalid_argument);
  EXPECT_THROW(lift.histogram(0.0, 1.0, 0), std::invalid_argument);
}

TEST(LiftDistribution, BAtZeroGivesALiftOfMinusOne) {
  std::vector<double> a(5, 0.0);
  std::vector<double> b(5, 0.0);
  a[2] = 1.0;
  b[0] = 0.25;
  b[4] = 0.75;
  const LiftDistribution lift = lift_of(a, b);
  EXPECT_EQ(lift.quantile(0.0), -1.0);
  EXPECT_EQ(lift.quantile(0.25), -1.0);
  EXPECT_EQ(lift.quantile(0.26), 1.0);
  EXPECT_DOUBLE_EQ(lift.mean(), 0.5);
  EXPECT_EQ(lift.cdf(-1.0), 0.25);
  EXPECT_EQ(lift.probability_above(-1.0), 0.75);
}

TEST(LiftDistribution, RefusesBadArguments) {
  const std::vector<double> a = beta_posterior(11, 3, 3);
  const LiftDistribution lift = lift_of(a, a);
  EXPECT_THROW(lift.quantile(-0.1), std::invalid_argument);
  EXPECT_THROW(lift.quantile(1.1), std::invalid_argument);
  EXPECT_THROW(lift.central_interval(0.0), std::invalid_argument);
  EXPECT_THROW(lift.cdf(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace binomial_grid
