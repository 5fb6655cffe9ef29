// The binomial_grid model's config: read, checked and defaulted.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "event_engine/config_reader.hpp"
#include "math/prior.hpp"
#include "math/stabilised_forgetting.hpp"

namespace binomial_grid {

struct BinomialGridConfig {
  std::size_t grid_points;
  Prior prior;
  std::vector<std::string> success_tokens;
  std::vector<std::string> failure_tokens;
  double interval_mass;
  // Absent: every event counts fully, forever.
  std::optional<Forgetting> forgetting;
};

// Throws event_engine::ConfigError naming the path of the first bad value and what was expected.
BinomialGridConfig read_binomial_grid_config(const event_engine::ConfigReader& config);

// The forgetting settings as the config writes them: {"half_life_events": H} or
// {"half_life_seconds": T}; null without forgetting.
nlohmann::json forgetting_to_json(const std::optional<Forgetting>& forgetting);

}  // namespace binomial_grid
