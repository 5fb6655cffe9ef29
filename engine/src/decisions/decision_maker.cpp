#include "decisions/decision_maker.hpp"

#include <filesystem>

#include "event_engine/checkpoint_timestamp.hpp"
#include "event_engine/event_batch.hpp"
#include "event_engine/kill_point.hpp"
#include "keys/keyed_reads.hpp"

namespace event_engine {
namespace {

// The keys a rule reads, or an empty list (with the reason in `why`) when it cannot be read.
std::vector<NamedSlot> rule_keys(const DecisionRule& rule, const PublishedModel& state, std::string& why) {
  QueryParameters asked{{"prefix", rule.prefix}};
  KeysAsked keys = keys_asked(state, asked);
  if (!keys.refusal.empty()) {
    // No key with the prefix yet is the start of every experiment, not a failure.
    if (keys.status != 404) why = keys.refusal;
    return {};
  }
  return std::move(keys.keys);
}

}  // namespace

DecisionMaker::DecisionMaker(const DecisionsConfig& config, DecisionLog& log, Broker& broker,
                             Metrics& metrics, std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      log_(log),
      broker_(broker),
      logger_(logger),
      failure_log_(logger, std::chrono::seconds(10)),
      evaluations_(metrics.counter("event_engine_decision_evaluations_total",
                                   "Times process.decisions' rules were evaluated on a new state")),
      evaluated_applied_(metrics.gauge("event_engine_decisions_evaluated_applied",
                                       "Events applied in the state process.decisions' rules last ran on")),
      published_(metrics.counter("event_engine_decisions_total",
                                 "Decision events published (process.decisions: a rule became true)")),
      failures_(metrics.counter("event_engine_decision_publish_failures_total",
                                "Decision events that could not be published yet (retried)")) {}

std::size_t DecisionMaker::evaluate(const PublishedModel& state, const std::string& position,
                                    std::uint64_t applied) {
  made_ = 0;
  evaluations_.add();
  evaluated_applied_.set(static_cast<double>(applied));
  nlohmann::json context{{"position", position}, {"applied", applied}};
  for (const DecisionRule& rule : config_.rules) {
    try {
      if (rule.baseline) {
        evaluate_guardrail(rule, state, context);
      } else {
        evaluate_winner(rule, state, context);
      }
    } catch (const std::exception& error) {
      failure_log_.warn(1, "decision rule " + rule.name + " cannot be evaluated: " + error.what());
    }
  }
  return made_;
}

void DecisionMaker::evaluate_winner(const DecisionRule& rule, const PublishedModel& state,
                                    nlohmann::json& context) {
  std::string why;
  const std::vector<NamedSlot> keys = rule_keys(rule, state, why);
  if (!why.empty()) failure_log_.warn(1, "decision rule " + rule.name + ": " + why);
  if (keys.size() < 2) return cross(rule, rule.name, false, {}, context);
  const nlohmann::json best = state.model->query_keys("best", keys, {});
  const nlohmann::json* winner = nullptr;
  bool enough_n = true;
  for (const nlohmann::json& key : best.at("keys")) {
    if (winner == nullptr || key.at("p_best").get<double>() > winner->at("p_best").get<double>())
      winner = &key;
    enough_n = enough_n && key.at("n").get<std::uint64_t>() >= rule.min_n;
  }
  const double p_best = winner->at("p_best").get<double>();
  const double loss = winner->at("expected_loss").get<double>();
  const bool holds = enough_n && p_best >= rule.p_best_at_least &&
                     (!rule.expected_loss_at_most || loss <= *rule.expected_loss_at_most);
  nlohmann::json figures = nlohmann::json::array();
  for (const nlohmann::json& key : best.at("keys"))
    figures.push_back({{"key", key.at("key")},
                       {"n", key.at("n")},
                       {"p_best", key.at("p_best")},
                       {"expected_loss", key.at("expected_loss")},
                       {"mean", key.at("mean")}});
  cross(rule, rule.name, holds,
        {{"kind", "winner"},
         {"key", winner->at("key")},
         {"p_best", p_best},
         {"expected_loss", loss},
         {"keys", std::move(figures)}},
        context);
}

void DecisionMaker::evaluate_guardrail(const DecisionRule& rule, const PublishedModel& state,
                                       nlohmann::json& context) {
  std::string why;
  const std::vector<NamedSlot> keys = rule_keys(rule, state, why);
  if (!why.empty()) failure_log_.warn(1, "decision rule " + rule.name + ": " + why);
  const auto baseline = std::find_if(keys.begin(), keys.end(),
                                     [&rule](const NamedSlot& key) { return key.key == *rule.baseline; });
  if (baseline == keys.end()) return;
  // P(the key's p is below the baseline's by more than worse_by, relatively) = P(lift <= -worse_by).
  const QueryParameters delta{{"delta", std::to_string(-rule.worse_by)}};
  for (const NamedSlot& key : keys) {
    if (key.key == *rule.baseline) continue;
    const nlohmann::json compared = state.model->query_keys("compare", {*baseline, key}, delta);
    if (compared.at("lift").is_null()) continue;  // the baseline's p may be 0: no relative lift yet
    const double p_worse = 1.0 - compared.at("lift").at("p_above_delta").get<double>();
    cross(rule, rule.name + "|" + key.key, p_worse >= rule.probability_at_least,
          {{"kind", "guardrail"},
           {"key", key.key},
           {"baseline", *rule.baseline},
           {"worse_by", rule.worse_by},
           {"p_worse", p_worse},
           {"n", compared.at("b").at("n")},
           {"baseline_n", compared.at("a").at("n")}},
          context);
  }
}

void DecisionMaker::cross(const DecisionRule& rule, const std::string& condition, bool holds,
                          nlohmann::json decision, const nlohmann::json& context) {
  const bool held = log_.holds(condition);
  if (holds == held) return;
  log_.set_holds(condition, holds);
  if (!holds) return;
  const std::uint64_t crossing = log_.next_crossing(condition);
  decision["id"] = condition + "#" + std::to_string(crossing);
  decision["rule"] = rule.name;
  decision["prefix"] = rule.prefix;
  decision["position"] = context.at("position");
  decision["applied"] = context.at("applied");
  decision["decided_at"] = utc_timestamp(std::chrono::system_clock::now());
  logger_->info("decision {}: {} {}", decision.at("id").get<std::string>(),
                decision.at("kind").get<std::string>(), decision.at("key").get<std::string>());
  log_.add(std::move(decision));
  ++made_;
}

std::size_t DecisionMaker::publish_pending() {
  // Published and not yet recorded as such: a restart publishes it again, with the same id.
  static KillPoint published_not_recorded("decision_published_not_recorded");
  std::size_t published = 0;
  for (const nlohmann::json& decision : log_.unpublished()) {
    const std::string text = decision.dump();
    const std::string id = decision.at("id").get<std::string>();
    try {
      if (!publisher_) publisher_ = broker_.open_publisher();
      if (broker_.capabilities().deduplicates) {
        // The decision's id is its idempotency key: a broker that keeps them stores a decision
        // published again after a kill only once, so its subscribers get it exactly once.
        EventBatch one;
        one.add(text);
        publisher_->publish_batch_once(config_.topic, one, PublishOnce{"decision:" + id, id});
      } else {
        publisher_->publish(config_.topic, text);
      }
      published_not_recorded.pass(
          [&id] { return "decision " + id + " published, not yet recorded as published"; });
    } catch (const std::exception& error) {
      failures_.add();
      failure_log_.warn(
          1, "decision " + decision.at("id").get<std::string>() + " not published yet: " + error.what());
      publisher_.reset();
      return published;
    }
    std::error_code ignored;  // a directory that cannot be made fails the write below, which is logged
    std::filesystem::create_directories(config_.file.parent_path(), ignored);
    if (!(std::ofstream(config_.file, std::ios::app) << text << '\n'))
      failure_log_.warn(1, "cannot append decision " + decision.at("id").get<std::string>() + " to " +
                               config_.file.string());
    log_.mark_published(decision.at("id").get<std::string>());
    published_.add();
    ++published;
  }
  return published;
}

}  // namespace event_engine
