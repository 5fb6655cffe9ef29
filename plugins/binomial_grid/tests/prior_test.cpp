#include "math/prior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace binomial_grid {
namespace {

constexpr double zero_weight = -std::numeric_limits<double>::infinity();

std::vector<double> grid_of(std::size_t points) {
  std::vector<double> grid(points);
  for (std::size_t i = 0; i < points; ++i) grid[i] = static_cast<double>(i) / static_cast<double>(points - 1);
  return grid;
}

TEST(Prior, TypeNames) {
  EXPECT_EQ(prior_type_name(UniformPrior{}), "uniform");
  EXPECT_EQ(prior_type_name(StepPrior{0.1, {}}), "step");
  EXPECT_EQ(prior_type_name(BetaPrior{1, 1}), "beta");
  EXPECT_EQ(prior_type_name(ListPrior{{1, 1}}), "list");
}

TEST(Prior, UniformWeighsEveryPointTheSame) {
  EXPECT_EQ(log_prior_weights(UniformPrior{}, grid_of(5)), std::vector<double>(5, 0.0));
}

TEST(Prior, StepIsOneStrictlyInsideItsBounds) {
  const std::vector<double> grid = grid_of(120);
  const std::vector<double> above = log_prior_weights(StepPrior{0.1, {}}, grid);
  for (std::size_t i = 0; i < grid.size(); ++i) EXPECT_EQ(above[i], grid[i] > 0.1 ? 0.0 : zero_weight) << i;

  const std::vector<double> five = grid_of(5);  // 0, 0.25, 0.5, 0.75, 1
  EXPECT_EQ(log_prior_weights(StepPrior{{}, 0.5}, five),
            (std::vector<double>{0.0, 0.0, zero_weight, zero_weight, zero_weight}));
  EXPECT_EQ(log_prior_weights(StepPrior{0.25, 0.9}, five),
            (std::vector<double>{zero_weight, zero_weight, 0.0, 0.0, zero_weight}));
}

TEST(Prior, BetaIsTheBetaDensityUpToAConstant) {
  const std::vector<double> grid = grid_of(21);
  const std::vector<double> weights = log_prior_weights(BetaPrior{2.0, 3.0}, grid);
  EXPECT_EQ(weights.front(), zero_weight);
  EXPECT_EQ(weights.back(), zero_weight);
  // Beta(2, 3) is proportional to p (1 - p)^2.
  const double offset = weights[10] - std::log(0.5 * 0.25);
  for (std::size_t i = 1; i + 1 < grid.size(); ++i) {
    EXPECT_NEAR(weights[i] - offset, std::log(grid[i] * (1 - grid[i]) * (1 - grid[i])), 1e-12) << i;
  }
}

TEST(Prior, BetaOneOneIsUniform) {
  EXPECT_EQ(log_prior_weights(BetaPrior{1.0, 1.0}, grid_of(9)), std::vector<double>(9, 0.0));
}

TEST(Prior, BetaWithInfiniteDensityAtTheEndsStaysFinite) {
  const std::vector<double> weights = log_prior_weights(BetaPrior{0.5, 0.5}, grid_of(11));
  for (double weight : weights) EXPECT_TRUE(std::isfinite(weight)) << weight;
  EXPECT_GT(weights.front(), weights[1]);
  EXPECT_GT(weights.back(), weights[9]);
  EXPECT_NEAR(weights.front(), weights.back(), 1e-12);
}

TEST(Prior, ListWeighsEachPointByItsValue) {
  const std::vector<double> weights = log_prior_weights(ListPrior{{0.0, 1.0, 2.0}}, grid_of(3));
  EXPECT_EQ(weights[0], zero_weight);
  EXPECT_EQ(weights[1], 0.0);
  EXPECT_DOUBLE_EQ(weights[2], std::log(2.0));
}

}  // namespace
}  // namespace binomial_grid
