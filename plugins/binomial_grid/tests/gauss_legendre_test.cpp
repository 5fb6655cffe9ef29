#include "math/gauss_legendre.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace binomial_grid {
namespace {

TEST(GaussLegendre, IntegratesPolynomialsUpToDegreeTwoPointsMinusOneExactly) {
  for (std::size_t points = 1; points <= 60; ++points) {
    const Quadrature quadrature = gauss_legendre_on_unit_interval(points);
    ASSERT_EQ(quadrature.nodes.size(), points);
    ASSERT_EQ(quadrature.weights.size(), points);
    for (std::size_t k = 0; k < points; ++k) {
      EXPECT_GT(quadrature.nodes[k], 0.0);
      EXPECT_LT(quadrature.nodes[k], 1.0);
      EXPECT_GT(quadrature.weights[k], 0.0);
    }
    // ∫_0^1 t^d dt = 1 / (d + 1) for every d <= 2 points - 1, and visibly not for d = 2 points
    // while the rule's error there, (n!)^4 / ((2n + 1) ((2n)!)^2), is above 1e-14.
    for (std::size_t degree = 0; degree <= 2 * points; ++degree) {
      double integral = 0.0;
      for (std::size_t k = 0; k < points; ++k) {
        integral += quadrature.weights[k] * std::pow(quadrature.nodes[k], static_cast<double>(degree));
      }
      const double exact = 1.0 / static_cast<double>(degree + 1);
      if (degree < 2 * points) {
        EXPECT_NEAR(integral, exact, 4e-15) << points << " points, degree " << degree;
      } else if (points <= 5) {
        EXPECT_GT(std::abs(integral - exact), 1e-14) << points << " points, degree " << degree;
      }
    }
  }
}

}  // namespace
}  // namespace binomial_grid
