// count * log(x) with the convention 0 * log(0) = 0, which likelihoods and densities need at p = 0
// and p = 1 (IEEE gives 0 * -inf = NaN).
#pragma once

namespace binomial_grid {

inline double times_log(double count, double log_value) { return count == 0.0 ? 0.0 : count * log_value; }

}  // namespace binomial_grid
