// The decisions a pipeline made, and which rules hold now: kept in the checkpoint, so that a
// restart neither forgets a decision nor makes it again, and read by GET /decisions. The pipeline
// thread changes it; HTTP workers list it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace event_engine {

class DecisionLog {
 public:
  // The most decisions kept (the oldest go first); the decisions file keeps every one.
  static constexpr std::size_t most_kept = 1000;

  // Pipeline thread: what to_checkpoint() saved; null: nothing decided yet. Throws
  // std::runtime_error naming what does not fit.
  void restore(const nlohmann::json& saved);
  // {"holding": [condition ids], "crossings": {rule: n}, "made": [{"event": ..., "published": b}]}
  nlohmann::json to_checkpoint() const;

  // Pipeline thread. A condition is a rule, or a guardrail's rule and key ("rule|key").
  bool holds(const std::string& condition) const;
  void set_holds(const std::string& condition, bool holds);
  // The next crossing's number for `rule`, counted from 1.
  std::uint64_t next_crossing(const std::string& rule);
  void add(nlohmann::json event);
  // The decisions not yet published, oldest first.
  std::vector<nlohmann::json> unpublished() const;
  void mark_published(const std::string& id);

  // Any thread: GET /decisions, {"decisions": [event, ...]} oldest first, each with "published".
  nlohmann::json list() const;

 private:
  struct Made {
    nlohmann::json event;
    bool published = false;
  };

  mutable std::mutex mutex_;
  std::map<std::string, bool> holding_;
  std::map<std::string, std::uint64_t> crossings_;
  std::deque<Made> made_;
};

}  // namespace event_engine
