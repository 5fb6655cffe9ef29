// The binomial_grid model's config: read, checked and defaulted.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "event_engine/config_reader.hpp"
#include "math/prior.hpp"

namespace binomial_grid {

struct BinomialGridConfig {
  std::size_t grid_points;
  Prior prior;
  std::vector<std::string> success_tokens;
  std::vector<std::string> failure_tokens;
  double interval_mass;
};

// Throws event_engine::ConfigError naming the path of the first bad value and what was expected.
BinomialGridConfig read_binomial_grid_config(const event_engine::ConfigReader& config);

}  // namespace binomial_grid
