#include "adapter/predict_query.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "adapter/posterior_summary.hpp"
#include "math/normalise_log_weights.hpp"
#include "math/posterior_predictive.hpp"

namespace binomial_grid {
namespace {

using event_engine::QueryError;

constexpr std::uint64_t max_trials = 10'000;
constexpr std::uint64_t max_draws = 1'000'000;

// A decimal integer in [min, max]: digits only, the whole text.
std::optional<std::uint64_t> parse_integer(std::string_view text, std::uint64_t min, std::uint64_t max) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

std::uint64_t integer_parameter(const event_engine::QueryParameters& parameters, std::string_view name,
                                std::uint64_t min, std::uint64_t max) {
  const std::string expected = "expected an integer in " + std::to_string(min) + ".." + std::to_string(max);
  const auto found = parameters.find(name);
  if (found == parameters.end()) {
    throw QueryError(400, "predict: missing parameter \"" + std::string(name) + "\": " + expected);
  }
  const std::optional<std::uint64_t> value = parse_integer(found->second, min, max);
  if (!value) {
    throw QueryError(400, "predict: parameter \"" + std::string(name) + "\": " + expected + ", got \"" +
                              found->second.substr(0, 40) + "\"");
  }
  return *value;
}

std::uint64_t random_seed() {
  std::random_device device;
  return std::uniform_int_distribution<std::uint64_t>()(device);
}

}  // namespace

nlohmann::json answer_predict_query(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters) {
  for (const auto& [name, value] : parameters) {
    if (name != "trials" && name != "draws" && name != "seed") {
      throw QueryError(
          400, "predict: unknown parameter \"" + name.substr(0, 40) + "\" (known: trials, draws, seed)");
    }
  }
  const auto trials = static_cast<std::uint32_t>(integer_parameter(parameters, "trials", 1, max_trials));
  const auto draws = static_cast<std::uint32_t>(integer_parameter(parameters, "draws", 1, max_draws));
  const std::uint64_t seed =
      parameters.contains("seed")
          ? integer_parameter(parameters, "seed", 0, std::numeric_limits<std::uint64_t>::max())
          : random_seed();
  if (posterior.impossible()) throw QueryError(409, "predict: " + impossible_data_message(posterior));

  const PredictiveDraws predicted = sample_posterior_predictive(
      posterior.grid(), normalise_log_weights(posterior.log_posterior()), trials, draws, seed);
  return {{"trials", trials},
          {"draws", draws},
          {"seed", seed},
          {"histogram", predicted.histogram},
          {"mean", predicted.mean}};
}

}  // namespace binomial_grid
