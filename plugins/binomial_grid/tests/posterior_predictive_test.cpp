#include "math/posterior_predictive.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace binomial_grid {
namespace {

const std::vector<double> three_points{0.0, 0.5, 1.0};

std::uint64_t total(const std::vector<std::uint64_t>& histogram) {
  return std::accumulate(histogram.begin(), histogram.end(), std::uint64_t{0});
}

TEST(PosteriorPredictive, TheSameSeedGivesTheSameDraws) {
  const std::vector<double> probabilities{0.2, 0.5, 0.3};
  const PredictiveDraws first = sample_posterior_predictive(three_points, probabilities, 20, 5000, 42);
  const PredictiveDraws again = sample_posterior_predictive(three_points, probabilities, 20, 5000, 42);
  const PredictiveDraws other = sample_posterior_predictive(three_points, probabilities, 20, 5000, 43);
  EXPECT_EQ(first.histogram, again.histogram);
  EXPECT_EQ(first.mean, again.mean);
  EXPECT_NE(first.histogram, other.histogram);
}

TEST(PosteriorPredictive, HistogramCountsEveryDraw) {
  const std::vector<double> probabilities{0.2, 0.5, 0.3};
  for (std::uint32_t trials : {1u, 9u, 100u}) {
    const PredictiveDraws drawn = sample_posterior_predictive(three_points, probabilities, trials, 777, 1);
    EXPECT_EQ(drawn.histogram.size(), trials + 1);
    EXPECT_EQ(total(drawn.histogram), 777u);
    double sum = 0.0;
    for (std::size_t k = 0; k < drawn.histogram.size(); ++k)
      sum += static_cast<double>(k * drawn.histogram[k]);
    EXPECT_DOUBLE_EQ(drawn.mean, sum / 777.0);
  }
}

TEST(PosteriorPredictive, CertainProportionsGiveCertainCounts) {
  const PredictiveDraws never =
      sample_posterior_predictive(three_points, std::vector<double>{1, 0, 0}, 10, 100, 3);
  EXPECT_EQ(never.histogram[0], 100u);
  EXPECT_EQ(never.mean, 0.0);
  const PredictiveDraws always =
      sample_posterior_predictive(three_points, std::vector<double>{0, 0, 1}, 10, 100, 3);
  EXPECT_EQ(always.histogram[10], 100u);
  EXPECT_EQ(always.mean, 10.0);
}

TEST(PosteriorPredictive, MeanIsTrialsTimesPosteriorMean) {
  // Posterior mean 0.5 * 0.5 + 1.0 * 0.25 = 0.5; 200000 draws of 10 trials: sd of the mean < 0.01.
  const PredictiveDraws drawn =
      sample_posterior_predictive(three_points, std::vector<double>{0.25, 0.5, 0.25}, 10, 200'000, 9);
  EXPECT_NEAR(drawn.mean, 5.0, 0.05);
  EXPECT_NEAR(static_cast<double>(drawn.histogram[0]) / 200'000.0, 0.25 + 0.5 / 1024.0, 0.005);
}

}  // namespace
}  // namespace binomial_grid
