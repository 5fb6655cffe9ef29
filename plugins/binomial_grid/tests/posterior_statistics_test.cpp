#include "math/posterior_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace binomial_grid {
namespace {

std::vector<double> grid_of(std::size_t points) {
  std::vector<double> grid(points);
  for (std::size_t i = 0; i < points; ++i) grid[i] = static_cast<double>(i) / static_cast<double>(points - 1);
  return grid;
}

// Random probabilities with runs of zeros, one or two bumps: the shapes a grid posterior takes.
std::vector<double> random_probabilities(std::size_t points, std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> probabilities(points);
  const double centre = uniform(random);
  const double second_centre = uniform(random);
  const double width = 0.02 + 0.3 * uniform(random);
  for (std::size_t i = 0; i < points; ++i) {
    const double p = static_cast<double>(i) / static_cast<double>(points - 1);
    probabilities[i] = std::exp(-std::pow((p - centre) / width, 2)) +
                       0.5 * std::exp(-std::pow((p - second_centre) / width, 2)) + 0.01 * uniform(random);
    if (uniform(random) < 0.1) probabilities[i] = 0.0;
  }
  double total = 0.0;
  for (double value : probabilities) total += value;
  for (double& value : probabilities) value /= total;
  return probabilities;
}

double mass_between(const std::vector<double>& probabilities, std::size_t lower, std::size_t upper) {
  double mass = 0.0;
  for (std::size_t i = lower; i <= upper; ++i) mass += probabilities[i];
  return mass;
}

TEST(PosteriorStatistics, MomentsAreTheDiscreteMoments) {
  std::mt19937_64 random(11);
  for (std::size_t points : {2u, 7u, 120u, 999u}) {
    const std::vector<double> grid = grid_of(points);
    const std::vector<double> probabilities = random_probabilities(points, random);
    long double mean = 0.0L;
    long double second_moment = 0.0L;
    for (std::size_t i = 0; i < points; ++i) {
      mean += static_cast<long double>(probabilities[i]) * grid[i];
      second_moment += static_cast<long double>(probabilities[i]) * grid[i] * grid[i];
    }
    const auto expected_sd = static_cast<double>(std::sqrt(second_moment - mean * mean));
    const Moments result = moments(grid, probabilities);
    EXPECT_NEAR(result.mean, static_cast<double>(mean), 1e-12);
    EXPECT_NEAR(result.sd, expected_sd, 1e-9);
  }
}

TEST(PosteriorStatistics, ModeIsTheMostProbablePoint) {
  EXPECT_EQ(mode_index(std::vector<double>{0.1, 0.4, 0.2, 0.3}), 1u);
  EXPECT_EQ(mode_index(std::vector<double>{0.0, 0.0, 1.0}), 2u);
}

TEST(PosteriorStatistics, IntervalsOfAKnownDistribution) {
  const std::vector<double> probabilities{0.125, 0.25, 0.25, 0.25, 0.125};
  const IndexInterval central = percentile_interval(probabilities, 0.75);
  EXPECT_EQ(central.lower, 1u);
  EXPECT_EQ(central.upper, 3u);
  const IndexInterval highest = highest_density_interval(probabilities, 0.75);
  EXPECT_EQ(highest.lower, 1u);
  EXPECT_EQ(highest.upper, 3u);

  // Skewed: the central interval leaves equal tails, the HPDI leaves out the long tail only.
  const std::vector<double> skewed{0.5, 0.25, 0.125, 0.0625, 0.0625};
  const IndexInterval skewed_central = percentile_interval(skewed, 0.75);
  EXPECT_EQ(skewed_central.lower, 0u);
  EXPECT_EQ(skewed_central.upper, 2u);
  const IndexInterval skewed_highest = highest_density_interval(skewed, 0.75);
  EXPECT_EQ(skewed_highest.lower, 0u);
  EXPECT_EQ(skewed_highest.upper, 1u);
}

TEST(PosteriorStatistics, WholeMassIntervalsSpanTheSupport) {
  const std::vector<double> probabilities{0.0, 0.0, 0.25, 0.5, 0.25, 0.0};
  const IndexInterval central = percentile_interval(probabilities, 1.0);
  const IndexInterval highest = highest_density_interval(probabilities, 1.0);
  EXPECT_EQ(central.lower, 2u);
  EXPECT_EQ(central.upper, 4u);
  EXPECT_EQ(highest.lower, 2u);
  EXPECT_EQ(highest.upper, 4u);
}

TEST(PosteriorStatistics, IntervalsHoldTheMassAndTheHpdiIsTheNarrowest) {
  std::mt19937_64 random(5);
  for (int round = 0; round < 40; ++round) {
    const std::size_t points = 2 + random() % 150;
    const std::vector<double> probabilities = random_probabilities(points, random);
    for (double mass : {0.5, 0.89, 0.95, 1.0}) {
      SCOPED_TRACE(testing::Message() << "round " << round << ", " << points << " points, mass " << mass);
      const IndexInterval central = percentile_interval(probabilities, mass);
      ASSERT_LE(central.lower, central.upper);
      EXPECT_GE(mass_between(probabilities, central.lower, central.upper), mass - 1e-12);
      const double tail = (1.0 - mass) / 2.0;
      EXPECT_LE(central.lower == 0 ? 0.0 : mass_between(probabilities, 0, central.lower - 1), tail + 1e-12);
      EXPECT_LE(
          central.upper + 1 == points ? 0.0 : mass_between(probabilities, central.upper + 1, points - 1),
          tail + 1e-12);

      const IndexInterval highest = highest_density_interval(probabilities, mass);
      ASSERT_LE(highest.lower, highest.upper);
      EXPECT_GE(mass_between(probabilities, highest.lower, highest.upper), mass - 1e-12);
      // Brute force over every run; sums that round across the threshold may go either way.
      auto narrowest_holding = [&](double wanted) {
        std::size_t narrowest = points;
        for (std::size_t lower = 0; lower < points; ++lower) {
          for (std::size_t upper = lower; upper < points && upper - lower < narrowest; ++upper) {
            if (mass_between(probabilities, lower, upper) >= wanted) narrowest = upper - lower;
          }
        }
        return narrowest;
      };
      EXPECT_GE(highest.upper - highest.lower, narrowest_holding(mass - 1e-12));
      EXPECT_LE(highest.upper - highest.lower, narrowest_holding(mass));
      EXPECT_LE(highest.upper - highest.lower, central.upper - central.lower);
    }
  }
}

}  // namespace
}  // namespace binomial_grid
