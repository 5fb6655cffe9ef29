#include "adapter/binomial_grid_config.hpp"

#include <algorithm>
#include <cmath>

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

constexpr const char* half_life_events = "half_life_events";
constexpr const char* half_life_seconds = "half_life_seconds";

// {"half_life_events": H} (H >= 1) or {"half_life_seconds": T} (T > 0), exactly one of them.
Forgetting read_forgetting(const event_engine::ConfigReader& forgetting) {
  for (const auto& [key, value] : forgetting.raw().items()) {
    if (key != half_life_events && key != half_life_seconds)
      throw event_engine::ConfigError(forgetting.path_of(key),
                                      "not a key of forgetting (its keys: half_life_events or "
                                      "half_life_seconds)");
  }
  const bool by_events = forgetting.has(half_life_events);
  const bool by_seconds = forgetting.has(half_life_seconds);
  if (by_events == by_seconds)
    throw event_engine::ConfigError(forgetting.path(),
                                    "expected exactly one of \"half_life_events\" and \"half_life_seconds\"");
  Forgetting result;
  if (by_events) {
    result.clock = ForgettingClock::events;
    result.half_life = forgetting.number(half_life_events, 0.0);
    if (!(result.half_life >= 1.0 && std::isfinite(result.half_life)))
      forgetting.fail(half_life_events, "expected a finite number >= 1");
  } else {
    result.clock = ForgettingClock::seconds;
    result.half_life = forgetting.number(half_life_seconds, 0.0);
    if (!(result.half_life > 0.0 && std::isfinite(result.half_life)))
      forgetting.fail(half_life_seconds, "expected a finite number > 0");
  }
  return result;
}

}  // namespace

nlohmann::json forgetting_to_json(const std::optional<Forgetting>& forgetting) {
  if (!forgetting) return nullptr;
  return {{forgetting->clock == ForgettingClock::events ? half_life_events : half_life_seconds,
           forgetting->half_life}};
}

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
  if (config.has("forgetting")) result.forgetting = read_forgetting(config.child("forgetting"));
  return result;
}

}  // namespace binomial_grid
