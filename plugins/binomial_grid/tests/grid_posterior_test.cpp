#include "math/grid_posterior.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "math/normalise_log_weights.hpp"
#include "math/posterior_statistics.hpp"

namespace binomial_grid {
namespace {

// The Beta(a, b) density at the grid points, normalised on the grid, computed here from lgamma
// without any of the model's code.
std::vector<double> beta_on_grid(std::span<const double> grid, double a, double b) {
  std::vector<double> density(grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    double log_density = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
    if (a != 1.0) log_density += (a - 1.0) * std::log(grid[i]);
    if (b != 1.0) log_density += (b - 1.0) * std::log(1.0 - grid[i]);
    density[i] = std::exp(log_density);
  }
  const double total = std::accumulate(density.begin(), density.end(), 0.0);
  for (double& value : density) value /= total;
  return density;
}

void expect_relatively_equal(const std::vector<double>& actual, const std::vector<double>& expected,
                             double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    ASSERT_FALSE(std::isnan(actual[i])) << "at point " << i;
    if (expected[i] > 1e-300) {
      EXPECT_NEAR(actual[i], expected[i], tolerance * expected[i]) << "at point " << i;
    } else {
      EXPECT_LE(actual[i], 1e-290) << "at point " << i;
    }
  }
}

std::vector<double> posterior_of(const GridPosterior& posterior) {
  return normalise_log_weights(posterior.log_posterior());
}

TEST(GridPosterior, UniformPriorGivesTheBetaPosterior) {
  const std::pair<std::uint64_t, std::uint64_t> counts[] = {{0, 0}, {1, 0},   {0, 1},
                                                            {6, 3}, {50, 17}, {3, 200}};
  for (std::size_t points : {3u, 11u, 120u, 1001u}) {
    for (const auto& [successes, failures] : counts) {
      GridPosterior posterior(points, UniformPrior{});
      posterior.add_trials(successes, failures);
      SCOPED_TRACE(testing::Message() << points << " points, w " << successes << ", l " << failures);
      const std::vector<double> expected = beta_on_grid(
          posterior.grid(), 1.0 + static_cast<double>(successes), 1.0 + static_cast<double>(failures));
      expect_relatively_equal(posterior_of(posterior), expected, 1e-12);
    }
  }
}

TEST(GridPosterior, OrderAndBatchingOfTrialsDoNotMatter) {
  std::mt19937_64 random(7);
  std::vector<bool> trials(500);
  for (std::size_t i = 0; i < trials.size(); ++i) trials[i] = random() % 10 < 7;
  const auto successes = static_cast<std::uint64_t>(std::count(trials.begin(), trials.end(), true));
  const std::uint64_t failures = trials.size() - successes;
  const Prior prior = BetaPrior{2.0, 5.0};

  GridPosterior all_at_once(120, prior);
  all_at_once.add_trials(successes, failures);

  GridPosterior one_at_a_time(120, prior);
  for (bool success : trials) one_at_a_time.add_trials(success ? 1 : 0, success ? 0 : 1);

  std::vector<bool> shuffled = trials;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  GridPosterior shuffled_one_at_a_time(120, prior);
  for (bool success : shuffled) shuffled_one_at_a_time.add_trials(success ? 1 : 0, success ? 0 : 1);

  GridPosterior in_batches(120, prior);
  for (std::size_t begin = 0; begin < trials.size();) {
    const std::size_t end = std::min(trials.size(), begin + 1 + random() % 60);
    const auto batch_successes =
        static_cast<std::uint64_t>(std::count(trials.begin() + begin, trials.begin() + end, true));
    in_batches.add_trials(batch_successes, end - begin - batch_successes);
    begin = end;
  }

  const std::vector<double> expected = posterior_of(all_at_once);
  expect_relatively_equal(posterior_of(one_at_a_time), expected, 1e-12);
  expect_relatively_equal(posterior_of(shuffled_one_at_a_time), expected, 1e-12);
  expect_relatively_equal(posterior_of(in_batches), expected, 1e-12);
  EXPECT_EQ(in_batches.successes(), successes);
  EXPECT_EQ(in_batches.failures(), failures);
}

// The seed multiplied its stored posterior by the likelihood of all trials so far at every update,
// counting old data again: its sd after these nine trials was 0.067.
TEST(GridPosterior, SixSuccessesInNineTrialsGiveTheBookSd) {
  GridPosterior posterior(120, UniformPrior{});
  for (char trial : std::string("wlwwwlwlw"))
    posterior.add_trials(trial == 'w' ? 1 : 0, trial == 'l' ? 1 : 0);
  const Moments result = moments(posterior.grid(), posterior_of(posterior));
  EXPECT_NEAR(result.sd, 0.139, 0.0005);
  EXPECT_NEAR(result.mean, 7.0 / 11.0, 0.001);
}

TEST(GridPosterior, TenMillionTrialsStayFiniteAndCentred) {
  // 1001 points put a grid point at 0.7, which a posterior this narrow (sd 1.4e-4) sits on.
  GridPosterior posterior(1001, StepPrior{0.1, {}});
  for (int batch = 0; batch < 10; ++batch) posterior.add_trials(700'000, 300'000);
  const std::vector<double> probabilities = posterior_of(posterior);
  EXPECT_FALSE(posterior.impossible());
  EXPECT_TRUE(
      std::none_of(probabilities.begin(), probabilities.end(), [](double p) { return std::isnan(p); }));
  EXPECT_NEAR(std::accumulate(probabilities.begin(), probabilities.end(), 0.0), 1.0, 1e-12);
  EXPECT_NEAR(moments(posterior.grid(), probabilities).mean, 0.7, 1e-3);
}

TEST(GridPosterior, EndsOfTheGridAreExact) {
  GridPosterior no_trials(11, UniformPrior{});
  EXPECT_EQ(posterior_of(no_trials), std::vector<double>(11, 1.0 / 11.0));

  GridPosterior only_successes(11, UniformPrior{});
  only_successes.add_trials(5, 0);
  std::vector<double> probabilities = posterior_of(only_successes);
  EXPECT_EQ(probabilities.front(), 0.0);
  EXPECT_EQ(mode_index(probabilities), 10u);
  EXPECT_TRUE(
      std::none_of(probabilities.begin(), probabilities.end(), [](double p) { return std::isnan(p); }));

  GridPosterior only_failures(11, UniformPrior{});
  only_failures.add_trials(0, 5);
  probabilities = posterior_of(only_failures);
  EXPECT_EQ(probabilities.back(), 0.0);
  EXPECT_EQ(mode_index(probabilities), 0u);
  EXPECT_TRUE(
      std::none_of(probabilities.begin(), probabilities.end(), [](double p) { return std::isnan(p); }));
}

TEST(GridPosterior, PointsWherePriorIsZeroStayZero) {
  GridPosterior posterior(120, StepPrior{0.5, {}});
  posterior.add_trials(1, 30);
  const std::vector<double> probabilities = posterior_of(posterior);
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    // p = 1 cannot give a failure.
    if (posterior.grid()[i] <= 0.5 || posterior.grid()[i] == 1.0) {
      EXPECT_EQ(probabilities[i], 0.0) << "at p = " << posterior.grid()[i];
    } else {
      EXPECT_GT(probabilities[i], 0.0) << "at p = " << posterior.grid()[i];
    }
  }
}

TEST(GridPosterior, DataImpossibleUnderThePriorAreReported) {
  GridPosterior posterior(120, StepPrior{{}, 0.005});  // only p = 0
  posterior.add_trials(0, 4);
  EXPECT_FALSE(posterior.impossible());
  posterior.add_trials(1, 0);
  EXPECT_TRUE(posterior.impossible());
  EXPECT_EQ(posterior_of(posterior), std::vector<double>(120, 0.0));
  posterior.add_trials(0, 1);
  EXPECT_TRUE(posterior.impossible());
}

TEST(GridPosterior, RestoreTakesTheSavedStateAsIs) {
  GridPosterior saved(50, BetaPrior{3.0, 2.0});
  saved.add_trials(12, 7);
  GridPosterior restored(50, BetaPrior{3.0, 2.0});
  restored.restore(saved.successes(), saved.failures(),
                   std::vector<double>(saved.log_posterior().begin(), saved.log_posterior().end()));
  EXPECT_EQ(restored.successes(), 12u);
  EXPECT_EQ(restored.failures(), 7u);
  EXPECT_TRUE(std::equal(restored.log_posterior().begin(), restored.log_posterior().end(),
                         saved.log_posterior().begin()));
  saved.add_trials(3, 1);
  restored.add_trials(3, 1);
  EXPECT_TRUE(std::equal(restored.log_posterior().begin(), restored.log_posterior().end(),
                         saved.log_posterior().begin()));
  EXPECT_THROW(restored.restore(1, 1, std::vector<double>(49, 0.0)), std::invalid_argument);
}

TEST(GridPosterior, DiscountedCountsAreTheBetaUpdateWithRealCounts) {
  GridPosterior posterior(501, UniformPrior{});
  posterior.set_discounted_counts(12.75, 3.5);
  EXPECT_TRUE(posterior.discounted());
  EXPECT_EQ(posterior.discounted_successes(), 12.75);
  EXPECT_EQ(posterior.discounted_failures(), 3.5);
  EXPECT_EQ(posterior.successes(), 0u);
  expect_relatively_equal(normalise_log_weights(posterior.log_posterior()),
                          beta_on_grid(posterior.grid(), 13.75, 4.5), 1e-12);
  // Whole discounted counts give the bits add_trials gives; the two kinds of counts do not mix.
  GridPosterior whole(501, UniformPrior{});
  whole.add_trials(12, 3);
  posterior.set_discounted_counts(12, 3);
  EXPECT_TRUE(std::equal(whole.log_posterior().begin(), whole.log_posterior().end(),
                         posterior.log_posterior().begin()));
  EXPECT_THROW(posterior.add_trials(1, 0), std::logic_error);
  EXPECT_THROW(posterior.set_discounted_counts(-1, 0), std::invalid_argument);
  EXPECT_THROW(posterior.set_discounted_counts(1, INFINITY), std::invalid_argument);
}

}  // namespace
}  // namespace binomial_grid
