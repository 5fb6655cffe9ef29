// Evaluates process.decisions' rules on a published keyed state and publishes a decision event
// each time a rule becomes true: through the pipeline's broker to the decisions topic, and as a
// line of the decisions file. Runs on the pipeline thread between batches, at most every
// process.decisions.every_ms and only when the state changed, so the apply path never waits on it.
#pragma once

#include <spdlog/logger.h>

#include <fstream>
#include <memory>
#include <string>

#include "decisions/decision_log.hpp"
#include "decisions/decisions_config.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/metrics.hpp"
#include "observability/rate_limited_log.hpp"
#include "pipeline/model_host.hpp"

namespace event_engine {

class DecisionMaker {
 public:
  DecisionMaker(const DecisionsConfig& config, DecisionLog& log, Broker& broker, Metrics& metrics,
                std::shared_ptr<spdlog::logger> logger);

  // Evaluates every rule on `state`, which covers the stream up to `position` (`applied` events);
  // records a decision, unpublished, for each rule (or guardrail and key) that became true, and
  // forgets those that stopped holding so that they can decide again. Returns how many it made.
  std::size_t evaluate(const PublishedModel& state, const std::string& position, std::uint64_t applied);
  // Publishes the recorded decisions not yet published, oldest first; stops at the first failure
  // (the rest wait for the next call). Returns how many it published.
  std::size_t publish_pending();

 private:
  void evaluate_winner(const DecisionRule& rule, const PublishedModel& state, nlohmann::json& context);
  void evaluate_guardrail(const DecisionRule& rule, const PublishedModel& state, nlohmann::json& context);
  // Records a decision when `condition` holds now and did not before; forgets it when it stopped.
  void cross(const DecisionRule& rule, const std::string& condition, bool holds, nlohmann::json decision,
             const nlohmann::json& context);

  const DecisionsConfig& config_;
  DecisionLog& log_;
  Broker& broker_;
  std::unique_ptr<Publisher> publisher_;
  std::shared_ptr<spdlog::logger> logger_;
  RateLimitedLog failure_log_;
  Counter& evaluations_;
  Gauge& evaluated_applied_;
  Counter& published_;
  Counter& failures_;
  std::size_t made_ = 0;
};

}  // namespace event_engine
