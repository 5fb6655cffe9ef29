// process.decisions: rules over a keyed pipeline's keys that, when they become true, make the
// engine publish a decision event (an experiment's winner, a guardrail breached) for another
// service to act on.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace event_engine {

struct DecisionRule {
  std::string name;
  // The keys the rule reads: those starting with the prefix (an experiment's variants).
  std::string prefix;
  // A winner rule (no baseline): the key with the largest P(best) wins once its P(best) is at least
  // p_best_at_least, its expected loss at most expected_loss_at_most, and every key has n >= min_n.
  double p_best_at_least = 0.95;
  std::optional<double> expected_loss_at_most;
  std::uint64_t min_n = 0;
  // A guardrail (a baseline given): a key breaches it once P(its p is below the baseline's by more
  // than worse_by, relatively) is at least probability_at_least.
  std::optional<std::string> baseline;
  double worse_by = 0.0;
  double probability_at_least = 0.9;

  bool operator==(const DecisionRule&) const = default;
};

struct DecisionsConfig {
  // Published through the pipeline's broker; must not be one of process.topics.
  std::string topic = "decisions";
  std::filesystem::path file;  // each decision appended as a JSON line
  std::chrono::milliseconds every{1000};
  std::vector<DecisionRule> rules;

  bool operator==(const DecisionsConfig&) const = default;
};

// Reads process.decisions (absent or null: none), resolving `file` against `config_dir`. Throws
// ConfigError naming the JSON path.
std::optional<DecisionsConfig> read_decisions_config(const nlohmann::json& process_section,
                                                     const std::filesystem::path& config_dir);

// The JSON Schema of process.decisions, for `event-engine schema`.
nlohmann::json decisions_config_schema();

}  // namespace event_engine
