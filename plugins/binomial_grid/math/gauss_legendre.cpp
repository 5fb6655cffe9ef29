#include "math/gauss_legendre.hpp"

#include <boost/math/special_functions/legendre.hpp>
#include <stdexcept>

namespace binomial_grid {

Quadrature gauss_legendre_on_unit_interval(std::size_t points) {
  if (points == 0) throw std::invalid_argument("a quadrature needs at least one point");
  const int degree = static_cast<int>(points);
  // The non-negative zeros x of the Legendre polynomial P_n, ascending; the others are -x. On
  // [-1, 1] the weight at x is 2 / ((1 - x^2) P_n'(x)^2); t = (1 + x) / 2 halves it.
  const std::vector<double> zeros = boost::math::legendre_p_zeros<double>(degree);
  Quadrature quadrature;
  auto add = [&](double x) {
    const double slope = boost::math::legendre_p_prime(degree, x);
    quadrature.nodes.push_back((1.0 + x) / 2.0);
    quadrature.weights.push_back(1.0 / ((1.0 - x * x) * slope * slope));
  };
  for (auto zero = zeros.rbegin(); zero != zeros.rend(); ++zero) {
    if (*zero > 0.0) add(-*zero);
  }
  for (const double zero : zeros) add(zero);
  return quadrature;
}

}  // namespace binomial_grid
