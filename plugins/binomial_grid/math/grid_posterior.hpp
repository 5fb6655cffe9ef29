// The posterior of a Binomial proportion p on a grid, in log space: prior * p^W * (1-p)^L for the W
// successes and L failures seen so far. O(G) space and O(G) work per update, however many trials.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "math/prior.hpp"

namespace binomial_grid {

class GridPosterior {
 public:
  // `points` >= 2 evenly spaced values on [0, 1], both ends included; the prior must be valid for
  // them (see log_prior_weights).
  GridPosterior(std::size_t points, const Prior& prior);

  // New prior = old posterior: adds `successes` * log(p) + `failures` * log(1-p) at every point.
  void add_trials(std::uint64_t successes, std::uint64_t failures);

  // Forgetting (math/stabilised_forgetting.hpp): sets the posterior to prior * p^W * (1-p)^L for
  // discounted, real-valued W and L >= 0, in place of whole counts: a posterior holds one or the
  // other, and add_trials() refuses once it holds discounted counts.
  void set_discounted_counts(double successes, double failures);

  // Sets the state saved from another GridPosterior with the same grid and prior: its counts and
  // its log posterior (one value per point, -infinity where the probability is zero), taken as is
  // so that a restored posterior is bit-identical to the saved one.
  void restore(std::uint64_t successes, std::uint64_t failures, std::vector<double> log_posterior);

  std::uint64_t successes() const noexcept { return successes_; }
  std::uint64_t failures() const noexcept { return failures_; }
  // Whether the counts are discounted ones (set_discounted_counts), and then W and L; successes()
  // and failures() are 0 then.
  bool discounted() const noexcept { return discounted_; }
  double discounted_successes() const noexcept { return discounted_successes_; }
  double discounted_failures() const noexcept { return discounted_failures_; }
  std::span<const double> grid() const noexcept { return grid_; }
  std::span<const double> log_prior() const noexcept { return log_prior_; }
  // Not normalised; -infinity where the probability is zero.
  std::span<const double> log_posterior() const noexcept { return log_posterior_; }

  // True when no grid point has positive probability left: the data are impossible under the prior.
  bool impossible() const noexcept { return impossible_; }

 private:
  void update_impossible();

  std::vector<double> grid_;
  std::vector<double> log_p_;
  std::vector<double> log_one_minus_p_;
  std::vector<double> log_prior_;
  std::vector<double> log_posterior_;
  std::uint64_t successes_ = 0;
  std::uint64_t failures_ = 0;
  bool discounted_ = false;
  double discounted_successes_ = 0;
  double discounted_failures_ = 0;
  bool impossible_ = false;
};

}  // namespace binomial_grid
