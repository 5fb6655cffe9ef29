#include "math/sample_ratio.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace binomial_grid {

SampleRatioTest sample_ratio_mismatch(std::span<const std::uint64_t> observed,
                                      std::span<const double> weights) {
  if (observed.size() < 2) throw std::invalid_argument("a sample ratio test needs at least two arms");
  if (observed.size() != weights.size()) {
    throw std::invalid_argument("a sample ratio test has " + std::to_string(observed.size()) +
                                " counts but " + std::to_string(weights.size()) + " weights");
  }
  double total_weight = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] > 0.0 && std::isfinite(weights[i]))) {
      throw std::invalid_argument("the weight of arm " + std::to_string(i) + " must be positive and finite");
    }
    total_weight += weights[i];
  }
  if (!std::isfinite(total_weight)) throw std::invalid_argument("the weights' sum overflows");

  const std::size_t degrees_of_freedom = observed.size() - 1;
  double units = 0.0;
  for (const std::uint64_t count : observed) units += static_cast<double>(count);
  if (units == 0.0) return {0.0, degrees_of_freedom, 1.0};

  double statistic = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double expected = units * (weights[i] / total_weight);
    if (expected == 0.0) {
      throw std::invalid_argument("the weight of arm " + std::to_string(i) +
                                  " is too small beside the others");
    }
    const double difference = static_cast<double>(observed[i]) - expected;
    statistic += difference * difference / expected;
  }
  const double p_value = boost::math::gamma_q(static_cast<double>(degrees_of_freedom) / 2.0, statistic / 2.0);
  return {statistic, degrees_of_freedom, p_value};
}

}  // namespace binomial_grid
