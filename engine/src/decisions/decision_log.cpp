#include "decisions/decision_log.hpp"

#include <stdexcept>

namespace event_engine {

void DecisionLog::restore(const nlohmann::json& saved) {
  std::lock_guard lock(mutex_);
  holding_.clear();
  crossings_.clear();
  made_.clear();
  if (saved.is_null()) return;
  const auto refuse = [] {
    throw std::runtime_error("the checkpoint's \"decisions\" are not what the engine saves");
  };
  if (!saved.is_object() || !saved.contains("holding") || !saved.at("holding").is_array() ||
      !saved.contains("crossings") || !saved.at("crossings").is_object() || !saved.contains("made") ||
      !saved.at("made").is_array() || saved.at("made").size() > 4 * most_kept)
    refuse();
  for (const nlohmann::json& condition : saved.at("holding")) {
    if (!condition.is_string()) refuse();
    holding_[condition.get<std::string>()] = true;
  }
  for (const auto& [rule, count] : saved.at("crossings").items()) {
    if (!count.is_number_unsigned()) refuse();
    crossings_[rule] = count.get<std::uint64_t>();
  }
  for (const nlohmann::json& made : saved.at("made")) {
    if (!made.is_object() || !made.contains("event") || !made.at("event").is_object() ||
        !made.at("event").contains("id") || !made.contains("published") || !made.at("published").is_boolean())
      refuse();
    made_.push_back({made.at("event"), made.at("published").get<bool>()});
  }
}

nlohmann::json DecisionLog::to_checkpoint() const {
  std::lock_guard lock(mutex_);
  nlohmann::json holding = nlohmann::json::array();
  for (const auto& [condition, holds] : holding_)
    if (holds) holding.push_back(condition);
  nlohmann::json made = nlohmann::json::array();
  for (const Made& one : made_) made.push_back({{"event", one.event}, {"published", one.published}});
  return {{"holding", std::move(holding)}, {"crossings", crossings_}, {"made", std::move(made)}};
}

bool DecisionLog::holds(const std::string& condition) const {
  std::lock_guard lock(mutex_);
  const auto found = holding_.find(condition);
  return found != holding_.end() && found->second;
}

void DecisionLog::set_holds(const std::string& condition, bool holds) {
  std::lock_guard lock(mutex_);
  if (holds) {
    holding_[condition] = true;
  } else {
    holding_.erase(condition);
  }
}

std::uint64_t DecisionLog::next_crossing(const std::string& rule) {
  std::lock_guard lock(mutex_);
  return ++crossings_[rule];
}

void DecisionLog::add(nlohmann::json event) {
  std::lock_guard lock(mutex_);
  made_.push_back({std::move(event), false});
  // An unpublished decision is never dropped: it waits for its turn however many came after.
  while (made_.size() > most_kept && made_.front().published) made_.pop_front();
}

std::vector<nlohmann::json> DecisionLog::unpublished() const {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> waiting;
  for (const Made& one : made_)
    if (!one.published) waiting.push_back(one.event);
  return waiting;
}

void DecisionLog::mark_published(const std::string& id) {
  std::lock_guard lock(mutex_);
  for (Made& one : made_)
    if (one.event.at("id") == id) one.published = true;
  while (made_.size() > most_kept && made_.front().published) made_.pop_front();
}

nlohmann::json DecisionLog::list() const {
  std::lock_guard lock(mutex_);
  nlohmann::json decisions = nlohmann::json::array();
  for (const Made& one : made_) {
    nlohmann::json event = one.event;
    event["published"] = one.published;
    decisions.push_back(std::move(event));
  }
  return {{"decisions", std::move(decisions)}};
}

}  // namespace event_engine
