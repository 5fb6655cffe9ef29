// Sample ratio mismatch: whether the counts of units assigned to an experiment's k arms fit the
// split it was configured with, by Pearson's chi-square goodness-of-fit test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace binomial_grid {

struct SampleRatioTest {
  double statistic;                // Σ (observed - expected)^2 / expected
  std::size_t degrees_of_freedom;  // k - 1
  double p_value;                  // P(χ²(k - 1) >= statistic)
};

// `observed` counts of the k >= 2 arms and their `weights` in the configured split (positive and
// finite, any scale): arm i expects N weight_i / Σ weights of the N units. With N = 0 nothing can
// mismatch: statistic 0, p-value 1. Throws std::invalid_argument, naming the problem, on other
// input. The p-value is Boost.Math's regularised upper incomplete gamma Q((k - 1) / 2, statistic
// / 2), accurate in the far tail where 1 - P would round to zero. O(k).
SampleRatioTest sample_ratio_mismatch(std::span<const std::uint64_t> observed,
                                      std::span<const double> weights);

}  // namespace binomial_grid
