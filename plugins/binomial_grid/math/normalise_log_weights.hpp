// Turns log weights into probabilities that sum to one.
#pragma once

#include <span>
#include <vector>

namespace binomial_grid {

// exp(w_i - max) / sum, so that no weight overflows or underflows before the division. All zeros
// when every weight is -infinity (nothing to normalise).
std::vector<double> normalise_log_weights(std::span<const double> log_weights);

}  // namespace binomial_grid
