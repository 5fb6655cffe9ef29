#include "math/best_of_keys.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "experiment_reference.hpp"
#include "math/posterior_comparison.hpp"

namespace binomial_grid {
namespace {

std::vector<std::span<const double>> spans_of(const std::vector<std::vector<double>>& posteriors) {
  return {posteriors.begin(), posteriors.end()};
}

// k Beta posteriors of different arms on one grid: 20 to 40 successes in 300 trials.
std::vector<std::vector<double>> arms(std::size_t keys, std::size_t points, std::mt19937_64& random) {
  std::vector<std::vector<double>> posteriors;
  for (std::size_t key = 0; key < keys; ++key) {
    const std::uint64_t successes = 20 + random() % 21;
    posteriors.push_back(beta_posterior(points, successes, 300 - successes));
  }
  return posteriors;
}

TEST(BestOfKeys, ProbabilitiesSumToOne) {
  std::mt19937_64 random(4);
  for (std::size_t keys : {1u, 3u, 5u, 20u, 101u}) {
    SCOPED_TRACE(testing::Message() << keys << " keys");
    const std::vector<std::vector<double>> posteriors = arms(keys, 1001, random);
    const BestOfKeys best = best_of_keys(even_grid(1001), spans_of(posteriors));
    ASSERT_EQ(best.p_best.size(), keys);
    ASSERT_EQ(best.expected_loss.size(), keys);
    EXPECT_NEAR(std::accumulate(best.p_best.begin(), best.p_best.end(), 0.0), 1.0, 1e-12);
    for (std::size_t m = 0; m < keys; ++m) {
      EXPECT_GE(best.p_best[m], 0.0);
      EXPECT_GE(best.expected_loss[m], 0.0);
    }
  }
}

TEST(BestOfKeys, IdenticalKeysShareEvenly) {
  // Every grid point is a k-way tie: only the 1 / (1 + T) of the exact integral splits it evenly.
  for (std::size_t points : {3u, 11u, 1001u}) {
    const std::vector<double> posterior = beta_posterior(points, 3, 9);
    for (std::size_t keys : {2u, 3u, 7u, 20u}) {
      SCOPED_TRACE(testing::Message() << keys << " keys, " << points << " points");
      const std::vector<std::vector<double>> posteriors(keys, posterior);
      const BestOfKeys best = best_of_keys(even_grid(points), spans_of(posteriors));
      for (std::size_t m = 0; m < keys; ++m) {
        EXPECT_NEAR(best.p_best[m], 1.0 / static_cast<double>(keys), 1e-12);
        EXPECT_NEAR(best.expected_loss[m], best.expected_loss[0], 1e-15);
      }
    }
  }
}

TEST(BestOfKeys, TwoKeysAreTheComparison) {
  std::mt19937_64 random(6);
  for (std::size_t points : {2u, 40u, 1001u}) {
    SCOPED_TRACE(testing::Message() << points << " points");
    const std::vector<double> grid = even_grid(points);
    const std::vector<std::vector<double>> posteriors{random_posterior(points, random, false),
                                                      random_posterior(points, random, false)};
    const BestOfKeys best = best_of_keys(grid, spans_of(posteriors));
    const std::vector<double>& a = posteriors[0];
    const std::vector<double>& b = posteriors[1];
    EXPECT_NEAR(best.p_best[1], p_b_beats_a(grid, a, b), 1e-14);
    EXPECT_NEAR(best.p_best[0], p_b_beats_a(grid, b, a), 1e-14);
    EXPECT_NEAR(best.expected_loss[1], expected_loss_choose_b(grid, a, b), 1e-15);
    EXPECT_NEAR(best.expected_loss[0], expected_loss_choose_a(grid, a, b), 1e-15);
  }
}

TEST(BestOfKeys, MatchesBruteForceOverEveryTupleOfPoints) {
  // Sparse random posteriors on small grids, where two- and three-way ties are common.
  std::mt19937_64 random(7);
  for (std::size_t points : {2u, 5u, 13u}) {
    SCOPED_TRACE(testing::Message() << points << " points");
    const std::vector<double> grid = even_grid(points);
    std::vector<std::vector<double>> posteriors;
    for (int key = 0; key < 4; ++key) posteriors.push_back(random_posterior(points, random, false));
    std::vector<double> p_best(4, 0.0);
    std::vector<double> loss(4, 0.0);
    for (std::size_t i0 = 0; i0 < points; ++i0) {
      for (std::size_t i1 = 0; i1 < points; ++i1) {
        for (std::size_t i2 = 0; i2 < points; ++i2) {
          for (std::size_t i3 = 0; i3 < points; ++i3) {
            const std::size_t index[] = {i0, i1, i2, i3};
            double probability = 1.0;
            for (int key = 0; key < 4; ++key) probability *= posteriors[key][index[key]];
            const std::size_t top = *std::max_element(index, index + 4);
            const auto tied = static_cast<double>(std::count(index, index + 4, top));
            for (int key = 0; key < 4; ++key) {
              if (index[key] == top) p_best[key] += probability / tied;
              loss[key] += probability * (grid[top] - grid[index[key]]);
            }
          }
        }
      }
    }
    const BestOfKeys best = best_of_keys(grid, spans_of(posteriors));
    for (int key = 0; key < 4; ++key) {
      EXPECT_NEAR(best.p_best[key], p_best[key], 1e-14) << "key " << key;
      EXPECT_NEAR(best.expected_loss[key], loss[key], 1e-14) << "key " << key;
    }
  }
}

TEST(BestOfKeys, AgreesWithDrawsFromTheGridPosteriors) {
  // Three close arms on a coarse grid, so that ties are frequent.
  constexpr std::size_t points = 101;
  const std::vector<double> grid = even_grid(points);
  const std::vector<std::vector<double>> posteriors{
      beta_posterior(points, 30, 270), beta_posterior(points, 33, 267), beta_posterior(points, 36, 264)};
  const BestOfKeys best = best_of_keys(grid, spans_of(posteriors));

  std::vector<std::discrete_distribution<std::size_t>> draw_index;
  for (const std::vector<double>& posterior : posteriors)
    draw_index.emplace_back(posterior.begin(), posterior.end());
  std::mt19937_64 random(31);
  std::vector<Accumulator> p_best(3);
  std::vector<Accumulator> loss(3);
  std::size_t ties = 0;
  for (int draw = 0; draw < 1'000'000; ++draw) {
    const std::size_t index[] = {draw_index[0](random), draw_index[1](random), draw_index[2](random)};
    const std::size_t top = *std::max_element(index, index + 3);
    const auto tied = static_cast<double>(std::count(index, index + 3, top));
    ties += tied > 1.0;
    for (std::size_t key = 0; key < 3; ++key) {
      p_best[key].add(index[key] == top ? 1.0 / tied : 0.0);
      loss[key].add(grid[top] - grid[index[key]]);
    }
  }
  EXPECT_GT(ties, 50'000u);
  for (std::size_t key = 0; key < 3; ++key) {
    SCOPED_TRACE(testing::Message() << "key " << key);
    const Estimate p = p_best[key].estimate();
    const Estimate l = loss[key].estimate();
    EXPECT_NEAR(p.mean, best.p_best[key], 4.0 * p.standard_error);
    EXPECT_NEAR(l.mean, best.expected_loss[key], 4.0 * l.standard_error);
  }
}

TEST(BestOfKeys, RefusesNoKeysAndMismatchedPosteriors) {
  const std::vector<double> grid = even_grid(3);
  EXPECT_THROW(best_of_keys(grid, {}), std::invalid_argument);
  const std::vector<std::vector<double>> mismatched{{0.5, 0.5, 0.0}, {0.5, 0.5}};
  EXPECT_THROW(best_of_keys(grid, spans_of(mismatched)), std::invalid_argument);
}

TEST(BestOfKeys, OneKeyIsSurelyBest) {
  const std::vector<std::vector<double>> posteriors{beta_posterior(51, 4, 6)};
  const BestOfKeys best = best_of_keys(even_grid(51), spans_of(posteriors));
  EXPECT_NEAR(best.p_best[0], 1.0, 1e-15);
  EXPECT_EQ(best.expected_loss[0], 0.0);
}

}  // namespace
}  // namespace binomial_grid
