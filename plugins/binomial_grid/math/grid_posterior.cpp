#include "math/grid_posterior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "math/times_log.hpp"

namespace binomial_grid {

GridPosterior::GridPosterior(std::size_t points, const Prior& prior)
    : grid_(points), log_p_(points), log_one_minus_p_(points) {
  if (points < 2) throw std::invalid_argument("a grid needs at least two points");
  const double last = static_cast<double>(points - 1);
  for (std::size_t i = 0; i < points; ++i) {
    grid_[i] = static_cast<double>(i) / last;
    log_p_[i] = std::log(grid_[i]);
    log_one_minus_p_[i] = std::log1p(-grid_[i]);
  }
  log_prior_ = log_prior_weights(prior, grid_);
  log_posterior_ = log_prior_;
  update_impossible();
}

void GridPosterior::add_trials(std::uint64_t successes, std::uint64_t failures) {
  if (discounted_) throw std::logic_error("whole trials added to a posterior of discounted counts");
  successes_ += successes;
  failures_ += failures;
  // Recomputed from the totals rather than accumulated batch by batch: the same O(G) work and,
  // in exact arithmetic, the same posterior, but with no rounding that depends on how the trials
  // were batched or drifts over millions of batches.
  const double total_successes = static_cast<double>(successes_);
  const double total_failures = static_cast<double>(failures_);
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    log_posterior_[i] = log_prior_[i] + times_log(total_successes, log_p_[i]) +
                        times_log(total_failures, log_one_minus_p_[i]);
  }
  update_impossible();
}

void GridPosterior::set_discounted_counts(double successes, double failures) {
  if (!(successes >= 0.0 && failures >= 0.0 && std::isfinite(successes) && std::isfinite(failures)))
    throw std::invalid_argument("discounted counts must be finite and >= 0");
  successes_ = 0;
  failures_ = 0;
  discounted_ = true;
  discounted_successes_ = successes;
  discounted_failures_ = failures;
  // As add_trials: from the prior in one step, for real counts.
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    log_posterior_[i] =
        log_prior_[i] + times_log(successes, log_p_[i]) + times_log(failures, log_one_minus_p_[i]);
  }
  update_impossible();
}

void GridPosterior::restore(std::uint64_t successes, std::uint64_t failures,
                            std::vector<double> log_posterior) {
  if (log_posterior.size() != grid_.size()) {
    throw std::invalid_argument("a log posterior of " + std::to_string(log_posterior.size()) +
                                " values for a grid of " + std::to_string(grid_.size()) + " points");
  }
  successes_ = successes;
  failures_ = failures;
  log_posterior_ = std::move(log_posterior);
  update_impossible();
}

void GridPosterior::update_impossible() {
  impossible_ = std::all_of(log_posterior_.begin(), log_posterior_.end(),
                            [](double value) { return value == -std::numeric_limits<double>::infinity(); });
}

}  // namespace binomial_grid
