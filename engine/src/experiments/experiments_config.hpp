// process.experiments: what the engine knows of each experiment beyond its keys: the split its
// variants were assigned with, for the sample ratio test (GET /model/srm), and the p-value below
// which that test flags a mismatch.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "event_engine/model.hpp"

namespace event_engine {

struct ExperimentConfig {
  std::string prefix;                     // the experiment's keys start with it
  std::map<std::string, double> weights;  // by the key's text after the prefix ("A", "B")
  double srm_threshold = 0.001;

  bool operator==(const ExperimentConfig&) const = default;
};

// Reads process.experiments (absent or null: none). Throws ConfigError naming the JSON path.
std::vector<ExperimentConfig> read_experiments_config(const nlohmann::json& process_section);

nlohmann::json experiments_config_schema();

// GET /model/srm without weights: when every key asked belongs to one configured experiment, its
// split as the query's `weights` (in the keys' order) and its threshold, unless the request gives
// them. Returns the refusal when a key has no weight in that experiment's split.
std::string apply_experiment_split(const std::vector<ExperimentConfig>& experiments,
                                   const std::vector<NamedSlot>& keys, QueryParameters& parameters);

}  // namespace event_engine
