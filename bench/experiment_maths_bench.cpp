// How long the exact experiment maths take on a grid of 1,000 points: the comparison of two arms
// (P(B > A), both losses, the lift's mean, tail, 95% interval and a 50-bin histogram) and the
// probability that each of 20 keys is best with its loss. Target: a few milliseconds at most.
#include <benchmark/benchmark.h>

#include <span>
#include <vector>

#include "math/best_of_keys.hpp"
#include "math/grid_posterior.hpp"
#include "math/normalise_log_weights.hpp"
#include "math/posterior_comparison.hpp"

namespace {

constexpr std::size_t grid_points = 1000;

std::vector<double> arm(std::uint64_t successes, std::uint64_t failures) {
  binomial_grid::GridPosterior posterior(grid_points, binomial_grid::UniformPrior{});
  posterior.add_trials(successes, failures);
  return binomial_grid::normalise_log_weights(posterior.log_posterior());
}

std::vector<double> even_grid() {
  const binomial_grid::GridPosterior posterior(grid_points, binomial_grid::UniformPrior{});
  return {posterior.grid().begin(), posterior.grid().end()};
}

void compare_two_arms(benchmark::State& state) {
  const std::vector<double> grid = even_grid();
  const std::vector<double> a = arm(400, 3600);
  const std::vector<double> b = arm(440, 3560);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        binomial_grid::compare_posteriors(grid, a, b, {.interval_mass = 0.95, .delta = 0.05}));
  }
}
BENCHMARK(compare_two_arms)->Unit(benchmark::kMicrosecond);

void best_of_keys(benchmark::State& state) {
  const std::vector<double> grid = even_grid();
  std::vector<std::vector<double>> arms;
  for (std::uint64_t key = 0; key < static_cast<std::uint64_t>(state.range(0)); ++key) {
    arms.push_back(arm(380 + 4 * key, 3620 - 4 * key));
  }
  const std::vector<std::span<const double>> posteriors(arms.begin(), arms.end());
  for (auto _ : state) benchmark::DoNotOptimize(binomial_grid::best_of_keys(grid, posteriors));
}
BENCHMARK(best_of_keys)->ArgName("keys")->Arg(20)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
