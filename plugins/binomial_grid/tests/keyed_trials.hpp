// Trials for the keyed adapter tests: each key its own success rate, so that a mix-up between keys
// shows in the counts.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace binomial_grid {

struct Trial {
  std::uint32_t slot;
  char outcome;  // 'w' or 'l'
};

// `count` trials over `keys` keys, key k succeeding with probability 0.1 + 0.8 k / keys.
inline std::vector<Trial> random_trials(std::size_t count, std::uint32_t keys, std::mt19937& random) {
  std::uniform_int_distribution<std::uint32_t> key(0, keys - 1);
  std::vector<Trial> trials;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t slot = key(random);
    std::bernoulli_distribution success(0.1 + 0.8 * slot / keys);
    trials.push_back({slot, success(random) ? 'w' : 'l'});
  }
  return trials;
}

}  // namespace binomial_grid
