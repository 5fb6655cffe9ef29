#include "math/best_of_keys.hpp"

#include <algorithm>
#include <stdexcept>

#include "math/check_grid_posteriors.hpp"
#include "math/gauss_legendre.hpp"

namespace binomial_grid {
namespace {

// Each Π_{r≠m} factors[r] as prefix[m] * suffix[m + 1], for every m at once in O(k).
class ProductsWithoutOne {
 public:
  explicit ProductsWithoutOne(std::size_t keys) : prefix_(keys + 1), suffix_(keys + 1) {}

  void compute(std::span<const double> factors) {
    const std::size_t keys = factors.size();
    prefix_[0] = 1.0;
    for (std::size_t r = 0; r < keys; ++r) prefix_[r + 1] = prefix_[r] * factors[r];
    suffix_[keys] = 1.0;
    for (std::size_t r = keys; r-- > 0;) suffix_[r] = suffix_[r + 1] * factors[r];
  }

  double without(std::size_t m) const noexcept { return prefix_[m] * suffix_[m + 1]; }

 private:
  std::vector<double> prefix_;
  std::vector<double> suffix_;
};

}  // namespace

BestOfKeys best_of_keys(std::span<const double> grid, std::span<const std::span<const double>> posteriors) {
  if (posteriors.empty()) throw std::invalid_argument("the best of no keys");
  check_grid_posteriors(grid, posteriors);
  const std::size_t keys = posteriors.size();
  const Quadrature quadrature = gauss_legendre_on_unit_interval((keys + 1) / 2);

  BestOfKeys result{std::vector<double>(keys, 0.0), std::vector<double>(keys, 0.0)};
  std::vector<double> below(keys, 0.0);  // C_r(j - 1), then C_r(j)
  std::vector<double> factors(keys);
  std::vector<double> integral(keys);
  ProductsWithoutOne products(keys);
  for (std::size_t j = 0; j < grid.size(); ++j) {
    bool any_mass = false;
    for (std::size_t r = 0; r < keys; ++r) any_mass = any_mass || posteriors[r][j] > 0.0;
    if (any_mass) {
      std::fill(integral.begin(), integral.end(), 0.0);
      for (std::size_t node = 0; node < quadrature.nodes.size(); ++node) {
        const double t = quadrature.nodes[node];
        for (std::size_t r = 0; r < keys; ++r) factors[r] = below[r] + t * posteriors[r][j];
        products.compute(factors);
        for (std::size_t m = 0; m < keys; ++m) integral[m] += quadrature.weights[node] * products.without(m);
      }
      for (std::size_t m = 0; m < keys; ++m) result.p_best[m] += posteriors[m][j] * integral[m];
      for (std::size_t r = 0; r < keys; ++r) below[r] += posteriors[r][j];
    }
    // The cell [θ_j, θ_j+1): each key's cumulative probability is C_r(j) throughout.
    if (j + 1 < grid.size()) {
      const double cell = grid[j + 1] - grid[j];
      products.compute(below);
      for (std::size_t m = 0; m < keys; ++m) {
        result.expected_loss[m] += cell * below[m] * (1.0 - products.without(m));
      }
    }
  }
  return result;
}

}  // namespace binomial_grid
