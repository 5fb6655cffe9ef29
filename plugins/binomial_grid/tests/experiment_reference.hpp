// What the experiment maths tests check against, computed without the code under test: Beta
// posteriors' closed forms (Evan Miller's P(B > A), Chris Stucchio's expected loss), draws from
// continuous Beta and from discrete grid distributions, and random posteriors on small grids.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "math/grid_posterior.hpp"
#include "math/normalise_log_weights.hpp"

namespace binomial_grid {

inline std::vector<double> even_grid(std::size_t points) {
  std::vector<double> grid(points);
  for (std::size_t i = 0; i < points; ++i) grid[i] = static_cast<double>(i) / static_cast<double>(points - 1);
  return grid;
}

// Beta(1 + successes, 1 + failures) on a grid of `points`: a uniform prior and the trials.
inline std::vector<double> beta_posterior(std::size_t points, std::uint64_t successes,
                                          std::uint64_t failures) {
  GridPosterior posterior(points, UniformPrior{});
  posterior.add_trials(successes, failures);
  return normalise_log_weights(posterior.log_posterior());
}

inline double log_beta_function(double a, double b) {
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

// P(X > Y) for independent X ~ Beta(a, b) and Y ~ Beta(c, d), whole a: Evan Miller's "Formulas
// for Bayesian A/B testing", P(p_B > p_A) = Σ_{i=0}^{α_B-1} B(α_A+i, β_A+β_B) / ((β_B+i) B(1+i, β_B)
// B(α_A, β_A)) with B = X, A = Y. Positive terms, each in log space.
inline double beta_beats_beta(int a, double b, double c, double d) {
  double probability = 0.0;
  for (int i = 0; i < a; ++i) {
    probability += std::exp(log_beta_function(c + i, d + b) - std::log(b + i) -
                            log_beta_function(1.0 + i, b) - log_beta_function(c, d));
  }
  return probability;
}

// E[max(X - Y, 0)] for X ~ Beta(a, b), Y ~ Beta(c, d), whole a: Chris Stucchio's "Bayesian A/B
// Testing at VWO". E[X 1(X > Y)] = B(a+1, b) / B(a, b) P(Beta(a+1, b) > Y), since x times the
// Beta(a, b) density is B(a+1, b) / B(a, b) times the Beta(a+1, b) density, and likewise
// E[Y 1(X > Y)] = B(c+1, d) / B(c, d) P(X > Beta(c+1, d)); B(a+1, b) / B(a, b) = a / (a + b).
inline double beta_expected_excess(int a, double b, int c, double d) {
  return a / (a + b) * beta_beats_beta(a + 1, b, c, d) - c / (c + d) * beta_beats_beta(a, b, c + 1, d);
}

inline double beta_draw(std::mt19937_64& random, double a, double b) {
  std::gamma_distribution<double> x(a, 1.0);
  std::gamma_distribution<double> y(b, 1.0);
  const double gx = x(random);
  return gx / (gx + y(random));
}

// The mean of draws and its standard error.
struct Estimate {
  double mean;
  double standard_error;
};

// Sums of draws of one quantity, for its mean and standard error.
class Accumulator {
 public:
  void add(double value) {
    sum_ += value;
    sum_of_squares_ += value * value;
    ++count_;
  }
  Estimate estimate() const {
    const double n = static_cast<double>(count_);
    const double mean = sum_ / n;
    const double variance = (sum_of_squares_ / n - mean * mean) * n / (n - 1.0);
    return {mean, std::sqrt(std::max(variance, 0.0) / n)};
  }

 private:
  long double sum_ = 0.0L;
  long double sum_of_squares_ = 0.0L;
  std::uint64_t count_ = 0;
};

// Random probabilities on `points` points with runs of zeros, for brute-force comparisons on small
// grids; point 0 gets none when `zero_at_zero`.
inline std::vector<double> random_posterior(std::size_t points, std::mt19937_64& random, bool zero_at_zero) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> probabilities(points);
  double total = 0.0;
  for (std::size_t i = 0; i < points; ++i) {
    probabilities[i] = uniform(random) < 0.25 ? 0.0 : uniform(random);
    total += probabilities[i];
  }
  if (zero_at_zero) {
    total -= probabilities[0];
    probabilities[0] = 0.0;
  }
  if (total == 0.0) {
    probabilities[points - 1] = 1.0;
    total = 1.0;
  }
  for (double& probability : probabilities) probability /= total;
  return probabilities;
}

}  // namespace binomial_grid
