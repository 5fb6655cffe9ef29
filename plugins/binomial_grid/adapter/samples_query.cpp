#include "adapter/samples_query.hpp"

#include <cstdint>
#include <numeric>
#include <vector>

#include "adapter/posterior_summary.hpp"
#include "adapter/query_parameters.hpp"
#include "math/normalise_log_weights.hpp"
#include "math/posterior_samples.hpp"

namespace binomial_grid {
namespace {

// Bounds the answer (about 20 bytes of JSON a draw) to a few megabytes.
constexpr std::uint64_t max_draws = 100'000;

}  // namespace

nlohmann::json answer_samples_query(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters) {
  refuse_unknown_parameters("samples", parameters, {"draws", "seed"});
  const auto draws =
      static_cast<std::uint32_t>(integer_parameter("samples", parameters, "draws", 1, max_draws));
  const std::uint64_t seed = seed_parameter("samples", parameters);
  if (posterior.impossible()) {
    throw event_engine::QueryError(409, "samples: " + impossible_data_message(posterior));
  }
  const std::vector<double> samples =
      sample_posterior(posterior.grid(), normalise_log_weights(posterior.log_posterior()), draws, seed);
  const double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(draws);
  return {{"draws", draws}, {"seed", seed}, {"samples", samples}, {"mean", mean}};
}

}  // namespace binomial_grid
