#include "math/posterior_comparison.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

#include "experiment_reference.hpp"

namespace binomial_grid {
namespace {

// Two arms of an experiment: A with 40 successes in 400 trials, B with 52, uniform priors.
constexpr int a_successes = 40;
constexpr int a_failures = 360;
constexpr int b_successes = 52;
constexpr int b_failures = 348;

struct GridErrors {
  double p_b_beats_a;
  double loss_choose_b;
  double loss_choose_a;
};

// How far the grid's exact answers are from the continuous Beta(1 + W, 1 + L) closed forms.
GridErrors errors_against_closed_forms(std::size_t points) {
  const std::vector<double> grid = even_grid(points);
  const std::vector<double> a = beta_posterior(points, a_successes, a_failures);
  const std::vector<double> b = beta_posterior(points, b_successes, b_failures);
  const int alpha_a = 1 + a_successes;
  const int alpha_b = 1 + b_successes;
  const double beta_a = 1 + a_failures;
  const double beta_b = 1 + b_failures;
  return {
      std::abs(p_b_beats_a(grid, a, b) - beta_beats_beta(alpha_b, beta_b, alpha_a, beta_a)),
      std::abs(expected_loss_choose_b(grid, a, b) - beta_expected_excess(alpha_a, beta_a, alpha_b, beta_b)),
      std::abs(expected_loss_choose_a(grid, a, b) - beta_expected_excess(alpha_b, beta_b, alpha_a, beta_a))};
}

TEST(PosteriorComparison, MatchesBruteForceOverEveryPairOfPoints) {
  std::mt19937_64 random(3);
  for (std::size_t points : {2u, 3u, 17u, 60u}) {
    const std::vector<double> grid = even_grid(points);
    const std::vector<double> a = random_posterior(points, random, false);
    const std::vector<double> b = random_posterior(points, random, false);
    double beats = 0.0;
    double loss_b = 0.0;
    double loss_a = 0.0;
    for (std::size_t i = 0; i < points; ++i) {
      for (std::size_t j = 0; j < points; ++j) {
        const double both = a[i] * b[j];
        beats += j > i ? both : (j == i ? both / 2.0 : 0.0);
        loss_b += both * std::max(grid[i] - grid[j], 0.0);
        loss_a += both * std::max(grid[j] - grid[i], 0.0);
      }
    }
    SCOPED_TRACE(testing::Message() << points << " points");
    EXPECT_NEAR(p_b_beats_a(grid, a, b), beats, 1e-14);
    EXPECT_NEAR(expected_loss_choose_b(grid, a, b), loss_b, 1e-14);
    EXPECT_NEAR(expected_loss_choose_a(grid, a, b), loss_a, 1e-14);
  }
}

TEST(PosteriorComparison, IdenticalPosteriorsAreEven) {
  const std::vector<double> grid = even_grid(301);
  const std::vector<double> a = beta_posterior(301, 7, 20);
  EXPECT_NEAR(p_b_beats_a(grid, a, a), 0.5, 1e-14);
  EXPECT_EQ(expected_loss_choose_a(grid, a, a), expected_loss_choose_b(grid, a, a));
}

TEST(PosteriorComparison, LossesDifferByTheDifferenceOfMeans) {
  // E[max(A - B, 0)] - E[max(B - A, 0)] = E[A] - E[B].
  const std::vector<double> grid = even_grid(1001);
  const std::vector<double> a = beta_posterior(1001, a_successes, a_failures);
  const std::vector<double> b = beta_posterior(1001, b_successes, b_failures);
  double mean_a = 0.0;
  double mean_b = 0.0;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    mean_a += a[i] * grid[i];
    mean_b += b[i] * grid[i];
  }
  EXPECT_NEAR(expected_loss_choose_b(grid, a, b) - expected_loss_choose_a(grid, a, b), mean_a - mean_b,
              1e-15);
}

TEST(PosteriorComparison, ClosedFormsAgreeWithAContinuousMonteCarlo) {
  // The references themselves: Miller's and Stucchio's formulas against 10^6 Beta draws.
  const int alpha_a = 1 + a_successes;
  const int alpha_b = 1 + b_successes;
  const double beta_a = 1 + a_failures;
  const double beta_b = 1 + b_failures;
  std::mt19937_64 random(20240611);
  Accumulator beats;
  Accumulator loss_b;
  Accumulator loss_a;
  for (int draw = 0; draw < 1'000'000; ++draw) {
    const double p_a = beta_draw(random, alpha_a, beta_a);
    const double p_b = beta_draw(random, alpha_b, beta_b);
    beats.add(p_b > p_a ? 1.0 : 0.0);
    loss_b.add(std::max(p_a - p_b, 0.0));
    loss_a.add(std::max(p_b - p_a, 0.0));
  }
  const auto expect_within_4_se = [](const Estimate& estimate, double expected) {
    EXPECT_NEAR(estimate.mean, expected, 4.0 * estimate.standard_error);
  };
  expect_within_4_se(beats.estimate(), beta_beats_beta(alpha_b, beta_b, alpha_a, beta_a));
  expect_within_4_se(loss_b.estimate(), beta_expected_excess(alpha_a, beta_a, alpha_b, beta_b));
  expect_within_4_se(loss_a.estimate(), beta_expected_excess(alpha_b, beta_b, alpha_a, beta_a));
}

TEST(PosteriorComparison, ConvergesToTheBetaClosedFormsAsTheGridRefines) {
  // The grid's answers are exact for the discrete posteriors; against the continuous Beta ones
  // their error is second order in the spacing h = 1 / (G - 1): at most 50 h^2 for P(B > A) (a
  // measured 36 h^2) and 1 h^2 for the losses (0.6 h^2), and each fourfold refinement cuts it more
  // than tenfold.
  std::vector<GridErrors> errors;
  for (std::size_t points : {501u, 2001u, 8001u}) {
    SCOPED_TRACE(testing::Message() << points << " points");
    const double h = 1.0 / static_cast<double>(points - 1);
    errors.push_back(errors_against_closed_forms(points));
    EXPECT_LT(errors.back().p_b_beats_a, 50.0 * h * h);
    EXPECT_LT(errors.back().loss_choose_b, 1.0 * h * h);
    EXPECT_LT(errors.back().loss_choose_a, 1.0 * h * h);
  }
  for (std::size_t finer = 1; finer < errors.size(); ++finer) {
    EXPECT_LT(errors[finer].p_b_beats_a, errors[finer - 1].p_b_beats_a / 10.0);
    EXPECT_LT(errors[finer].loss_choose_b, errors[finer - 1].loss_choose_b / 10.0);
    EXPECT_LT(errors[finer].loss_choose_a, errors[finer - 1].loss_choose_a / 10.0);
  }
}

// One draw from a distribution on grid indices, by its cumulative probabilities.
std::size_t draw_index(const std::vector<double>& cumulative, std::mt19937_64& random) {
  const double u = std::uniform_real_distribution<double>(0.0, cumulative.back())(random);
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                  cumulative.begin());
}

std::vector<double> cumulative_of(const std::vector<double>& probabilities) {
  std::vector<double> cumulative(probabilities.size());
  std::partial_sum(probabilities.begin(), probabilities.end(), cumulative.begin());
  return cumulative;
}

TEST(PosteriorComparison, AgreesWithDrawsFromTheGridPosteriors) {
  // Draws from the discrete posteriors themselves: the only difference is the Monte Carlo error.
  // A coarse grid, so that ties are frequent, and δ = 0.05 = 21/20 - 1, an atom of the lift.
  constexpr std::size_t points = 201;
  const std::vector<double> grid = even_grid(points);
  const std::vector<double> a = beta_posterior(points, 30, 270);
  const std::vector<double> b = beta_posterior(points, 36, 264);
  const Comparison comparison = compare_posteriors(grid, a, b, {.interval_mass = 0.9, .delta = 0.05});
  ASSERT_TRUE(comparison.lift.has_value());

  const std::vector<double> a_cumulative = cumulative_of(a);
  const std::vector<double> b_cumulative = cumulative_of(b);
  std::mt19937_64 random(77);
  Accumulator beats;
  Accumulator loss_b;
  Accumulator loss_a;
  Accumulator lift;
  Accumulator lift_above_delta;
  std::size_t ties = 0;
  std::size_t lift_ties = 0;
  for (int draw = 0; draw < 1'000'000; ++draw) {
    const std::size_t i = draw_index(a_cumulative, random);
    const std::size_t j = draw_index(b_cumulative, random);
    beats.add(j > i ? 1.0 : (j == i ? 0.5 : 0.0));
    loss_b.add(std::max(grid[i] - grid[j], 0.0));
    loss_a.add(std::max(grid[j] - grid[i], 0.0));
    lift.add(grid[j] / grid[i] - 1.0);
    lift_above_delta.add(20 * j > 21 * i ? 1.0 : 0.0);  // j / i - 1 > 0.05, in whole numbers
    ties += i == j;
    lift_ties += 20 * j == 21 * i;
  }
  EXPECT_GT(ties, 10'000u);
  EXPECT_GT(lift_ties, 1'000u);
  const auto expect_within_4_se = [](const char* what, const Estimate& estimate, double exact) {
    EXPECT_NEAR(estimate.mean, exact, 4.0 * estimate.standard_error) << what;
  };
  expect_within_4_se("P(B > A)", beats.estimate(), comparison.p_b_beats_a);
  expect_within_4_se("loss of choosing B", loss_b.estimate(), comparison.expected_loss_choose_b);
  expect_within_4_se("loss of choosing A", loss_a.estimate(), comparison.expected_loss_choose_a);
  expect_within_4_se("lift's mean", lift.estimate(), comparison.lift->mean);
  expect_within_4_se("P(lift > 0.05)", lift_above_delta.estimate(), comparison.lift->p_above_delta);
}

TEST(PosteriorComparison, CompareGathersTheParts) {
  constexpr std::size_t points = 1001;
  const std::vector<double> grid = even_grid(points);
  const std::vector<double> a = beta_posterior(points, 40, 360);
  const std::vector<double> b = beta_posterior(points, 52, 348);
  const Comparison comparison = compare_posteriors(
      grid, a, b, {.interval_mass = 0.9, .delta = 0.1, .histogram_bins = 30, .histogram_mass = 0.98});
  EXPECT_EQ(comparison.p_b_beats_a, p_b_beats_a(grid, a, b));
  EXPECT_EQ(comparison.expected_loss_choose_a, expected_loss_choose_a(grid, a, b));
  EXPECT_EQ(comparison.expected_loss_choose_b, expected_loss_choose_b(grid, a, b));
  ASSERT_TRUE(comparison.lift.has_value());
  const std::optional<LiftDistribution> lift = LiftDistribution::of(grid, a, b);
  ASSERT_TRUE(lift.has_value());
  EXPECT_EQ(comparison.lift->mean, lift->mean());
  EXPECT_EQ(comparison.lift->interval.lower, lift->quantile(0.05));
  EXPECT_EQ(comparison.lift->interval.upper, lift->quantile(0.95));
  EXPECT_EQ(comparison.lift->p_above_delta, lift->probability_above(0.1));
  const LiftHistogram& histogram = comparison.lift->histogram;
  EXPECT_EQ(histogram.lower, lift->quantile(0.01));
  EXPECT_EQ(histogram.upper, lift->quantile(0.99));
  ASSERT_EQ(histogram.mass.size(), 30u);
  const double in_range = lift->cdf(histogram.upper) - lift->cdf(histogram.lower);
  EXPECT_NEAR(std::accumulate(histogram.mass.begin(), histogram.mass.end(), 0.0), in_range, 1e-14);
  EXPECT_GT(in_range, 0.97);
}

TEST(PosteriorComparison, NoLiftWhenAMayBeZero) {
  // No success in A yet: p_A = 0 has probability, and p_B / p_A is unbounded.
  const std::vector<double> grid = even_grid(101);
  const std::vector<double> a = beta_posterior(101, 0, 5);
  const std::vector<double> b = beta_posterior(101, 2, 5);
  const Comparison comparison = compare_posteriors(grid, a, b, {});
  EXPECT_FALSE(comparison.lift.has_value());
  EXPECT_FALSE(LiftDistribution::of(grid, a, b).has_value());
  EXPECT_GT(comparison.p_b_beats_a, 0.5);
  EXPECT_TRUE(LiftDistribution::of(grid, b, a).has_value());
}

TEST(PosteriorComparison, ASingleValuedLiftGetsAHistogramAroundIt) {
  std::vector<double> a(11, 0.0);
  std::vector<double> b(11, 0.0);
  a[4] = 1.0;
  b[6] = 1.0;
  const Comparison comparison = compare_posteriors(even_grid(11), a, b, {.histogram_bins = 4});
  ASSERT_TRUE(comparison.lift.has_value());
  EXPECT_DOUBLE_EQ(comparison.lift->mean, 0.5);
  EXPECT_EQ(comparison.lift->interval.lower, 0.5);
  EXPECT_EQ(comparison.lift->interval.upper, 0.5);
  EXPECT_EQ(comparison.lift->p_above_delta, 1.0);
  EXPECT_DOUBLE_EQ(comparison.lift->histogram.lower, 0.49);
  EXPECT_DOUBLE_EQ(comparison.lift->histogram.upper, 0.51);
  EXPECT_EQ(comparison.lift->histogram.mass, (std::vector<double>{0.0, 1.0, 0.0, 0.0}));
}

TEST(PosteriorComparison, RefusesPosteriorsOffTheGrid) {
  const std::vector<double> grid = even_grid(5);
  const std::vector<double> even{0.2, 0.2, 0.2, 0.2, 0.2};
  const std::vector<double> short_one{0.25, 0.25, 0.25, 0.25};
  const std::vector<double> unnormalised{0.2, 0.2, 0.2, 0.2, 0.3};
  const std::vector<double> negative{0.4, -0.2, 0.4, 0.2, 0.2};
  const std::vector<double> uneven_grid{0.0, 0.1, 0.5, 0.75, 1.0};
  EXPECT_THROW(p_b_beats_a(grid, even, short_one), std::invalid_argument);
  EXPECT_THROW(expected_loss_choose_a(grid, unnormalised, even), std::invalid_argument);
  EXPECT_THROW(expected_loss_choose_b(grid, even, negative), std::invalid_argument);
  EXPECT_THROW(compare_posteriors(uneven_grid, even, even, {}), std::invalid_argument);
  EXPECT_THROW(compare_posteriors(grid, even, even, {.interval_mass = 0.0}), std::invalid_argument);
  EXPECT_THROW(
      compare_posteriors(std::vector<double>{0.0}, std::vector<double>{1.0}, std::vector<double>{1.0}, {}),
      std::invalid_argument);
}

}  // namespace
}  // namespace binomial_grid
