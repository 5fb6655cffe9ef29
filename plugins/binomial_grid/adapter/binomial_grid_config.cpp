#include "adapter/binomial_grid_config.hpp"

#include <algorithm>

#include "adapter/prior_json.hpp"

namespace binomial_grid {
namespace {

std::vector<std::string> read_tokens(const event_engine::ConfigReader& config, std::string_view key,
                                     std::vector<std::string> fallback) {
  std::vector<std::string> tokens = config.string_list(key, std::move(fallback));
  if (tokens.empty()) config.fail(key, "expected at least one token");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty()) {
      throw event_engine::ConfigError(config.path_of(key) + "/" + std::to_string(i),
                                      "expected a non-empty token, got \"\"");
    }
  }
  return tokens;
}

}  // namespace

BinomialGridConfig read_binomial_grid_config(const event_engine::ConfigReader& config) {
  BinomialGridConfig result;
  result.grid_points = static_cast<std::size_t>(config.integer("grid_points", 120, 2, 1'000'000));
  result.prior =
      config.has("prior") ? read_prior(config.child("prior"), result.grid_points) : StepPrior{0.1, {}};
  result.success_tokens = read_tokens(config, "success", {"w"});
  result.failure_tokens = read_tokens(config, "failure", {"l"});
  for (std::size_t i = 0; i < result.failure_tokens.size(); ++i) {
    const std::string& token = result.failure_tokens[i];
    if (std::find(result.success_tokens.begin(), result.success_tokens.end(), token) !=
        result.success_tokens.end()) {
      throw event_engine::ConfigError(
          config.path_of("failure") + "/" + std::to_string(i),
          "expected a token that is not also a success token, got \"" + token + "\"");
    }
  }
  result.interval_mass = config.number("interval_mass", 0.89);
  if (!(result.interval_mass > 0.0 && result.interval_mass <= 1.0)) {
    config.fail("interval_mass", "expected a number > 0 and <= 1");
  }
  return result;
}

}  // namespace binomial_grid
