#include "adapter/posterior_summary.hpp"

#include <string>
#include <vector>

#include "math/normalise_log_weights.hpp"
#include "math/posterior_statistics.hpp"

namespace binomial_grid {
namespace {

nlohmann::json interval_json(std::span<const double> grid, IndexInterval interval) {
  return nlohmann::json::array({grid[interval.lower], grid[interval.upper]});
}

}  // namespace

nlohmann::json successes_json(const GridPosterior& posterior) {
  if (posterior.discounted()) return posterior.discounted_successes();
  return posterior.successes();
}

nlohmann::json failures_json(const GridPosterior& posterior) {
  if (posterior.discounted()) return posterior.discounted_failures();
  return posterior.failures();
}

std::string impossible_data_message(const GridPosterior& posterior) {
  return "the data (w: " + successes_json(posterior).dump() + ", l: " + failures_json(posterior).dump() +
         ") are impossible under the prior: no grid point has positive probability left";
}

nlohmann::json posterior_summary(const GridPosterior& posterior, std::string_view prior_type,
                                 std::span<const double> prior_probabilities, double interval_mass,
                                 bool compact) {
  const std::span<const double> grid = posterior.grid();
  nlohmann::json summary{{"w", successes_json(posterior)},       {"l", failures_json(posterior)},
                         {"grid_points", grid.size()},           {"prior_type", prior_type},
                         {"impossible", posterior.impossible()}, {"interval_mass", interval_mass}};
  if (!posterior.discounted()) summary["n"] = posterior.successes() + posterior.failures();
  if (!compact) {
    summary["grid"] = grid;
    summary["prior"] = prior_probabilities;
  }
  if (posterior.impossible()) {
    summary["message"] = impossible_data_message(posterior);
    for (const char* key : {"mean", "sd", "map", "percentile_interval", "hpdi"}) summary[key] = nullptr;
    if (!compact) summary["posterior"] = nullptr;
    return summary;
  }
  const std::vector<double> probabilities = normalise_log_weights(posterior.log_posterior());
  const Moments posterior_moments = moments(grid, probabilities);
  summary["mean"] = posterior_moments.mean;
  summary["sd"] = posterior_moments.sd;
  summary["map"] = grid[mode_index(probabilities)];
  summary["percentile_interval"] = interval_json(grid, percentile_interval(probabilities, interval_mass));
  summary["hpdi"] = interval_json(grid, highest_density_interval(probabilities, interval_mass));
  if (!compact) summary["posterior"] = probabilities;
  return summary;
}

}  // namespace binomial_grid
