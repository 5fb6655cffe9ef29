// Decisions as events: a keyed engine on a Redis stream with a winner rule. When checkout/B becomes
// the best variant, one decision event reaches the "decisions" stream (what a subscriber reads),
// the decisions file and GET /decisions. Killed with SIGKILL and restarted, the engine does not
// decide it again; once the rule stops holding and holds again, it decides once more.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "redis_services.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

std::string variant_events(const std::string& variant, int successes, int failures) {
  std::string body;
  for (int i = 0; i < successes + failures; ++i)
    body += "checkout/" + variant + ":" + (i < successes ? "w\n" : "l\n");
  return body;
}

// The decision events in the stream, as a subscriber reads them: the "event" field of each entry.
std::vector<nlohmann::json> received(const RedisServer& redis) {
  std::vector<nlohmann::json> events;
  std::istringstream lines(redis.cli({"XRANGE", "decisions", "-", "+"}));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.front() == '{') events.push_back(nlohmann::json::parse(line));
  }
  return events;
}

double metric(const EngineInstance& engine, const std::string& name) {
  return metric_value(http_get(engine.http_port(), "/metrics").body, name);
}

// Waits until the rules have run on the state with `applied` events: what they decide of it is known.
bool evaluated_at(const EngineInstance& engine, double applied) {
  return wait_until([&] { return metric(engine, "event_engine_decisions_evaluated_applied") == applied; });
}

// The winner rule both kill tests run: checkout/'s best at P(best) >= 0.95 once each has 500 visits.
constexpr const char* winner_rule =
    R"(process.decisions={"every_ms": 20, "rules": [{"name": "checkout-winner", "prefix": "checkout/", "p_best_at_least": 0.95, "min_n": 500}]})";

TEST(Decisions, AWinnerIsPublishedOncePerCrossingAcrossAKill) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(
      work.path(), "config/redis-stream.json",
      keyed_text_overrides(
          redis, {winner_rule, R"(process.model.config.prior={"type": "uniform"})", "process.visualisers=[]",
                  "process.checkpoint.every_ms=600000", "process.checkpoint.every_events=1000000000"}));
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();
  const auto post = [&](const std::string& body) {
    return http_post(engine.http_port(), "/events?topic=update_model", body).status == 202;
  };

  // B is far ahead, but below min_n: no decision.
  ASSERT_TRUE(post(variant_events("A", 10, 290) + variant_events("B", 40, 260)));
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 600; })) << engine.log();
  ASSERT_TRUE(evaluated_at(engine, 600));
  EXPECT_TRUE(received(redis).empty());

  // Past min_n: one decision, B the winner, in the stream, the file and GET /decisions.
  ASSERT_TRUE(post(variant_events("A", 7, 193) + variant_events("B", 27, 173)));
  ASSERT_TRUE(wait_until([&] { return received(redis).size() == 1; })) << engine.log();
  const nlohmann::json decision = received(redis).front();
  EXPECT_EQ(decision["id"], "checkout-winner#1");
  EXPECT_EQ(decision["kind"], "winner");
  EXPECT_EQ(decision["key"], "checkout/B");
  EXPECT_GE(decision["p_best"].get<double>(), 0.95);
  EXPECT_EQ(decision["applied"], 1000);
  EXPECT_EQ(decision["keys"].size(), 2u);
  const nlohmann::json listed = nlohmann::json::parse(http_get(engine.http_port(), "/decisions").body);
  ASSERT_EQ(listed["decisions"].size(), 1u) << listed;
  EXPECT_EQ(listed["decisions"][0]["published"], true);
  // The file's default place: state/decisions.jsonl beside the config.
  std::ifstream file(work.path() / "config" / "state" / "decisions.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(file, line));
  EXPECT_EQ(nlohmann::json::parse(line)["id"], "checkout-winner#1");
  EXPECT_EQ(metric(engine, "event_engine_decisions_total"), 1);
  // The state at the kill: the stored checkpoint holds the decision, published, and the rule holding.
  const nlohmann::json stored =
      nlohmann::json::parse(redis.cli({"HGET", "event-engine:checkpoint:model", "snapshot"}))["decisions"];
  ASSERT_EQ(stored["made"].size(), 1u) << stored;
  EXPECT_EQ(stored["made"][0]["event"]["id"], "checkout-winner#1");
  EXPECT_EQ(stored["made"][0]["published"], true);
  EXPECT_EQ(stored["holding"], nlohmann::json::array({"checkout-winner"}));

  engine.kill();
  ASSERT_TRUE(engine.start()) << engine.log();
  // More events for B: the rule still holds, and holding is not crossing.
  ASSERT_TRUE(post(variant_events("B", 30, 170)));
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 1200; })) << engine.log();
  ASSERT_TRUE(evaluated_at(engine, 1200));
  EXPECT_EQ(received(redis).size(), 1u) << engine.log();
  EXPECT_EQ(nlohmann::json::parse(http_get(engine.http_port(), "/decisions").body)["decisions"].size(), 1u);

  // A catches up, so nothing is the best at 0.95 any more; then B pulls ahead again: a second crossing.
  ASSERT_TRUE(post(variant_events("A", 120, 280)));
  ASSERT_TRUE(wait_until([&] { return applied_n(engine) == 1600; })) << engine.log();
  ASSERT_TRUE(evaluated_at(engine, 1600));
  EXPECT_EQ(received(redis).size(), 1u);
  ASSERT_TRUE(post(variant_events("B", 400, 600)));
  ASSERT_TRUE(wait_until([&] { return received(redis).size() == 2; })) << engine.log();
  EXPECT_EQ(received(redis).back()["id"], "checkout-winner#2");
  EXPECT_EQ(received(redis).back()["key"], "checkout/B");
}

// The one moment a restart publishes a decision again: killed after the publish and before the
// checkpoint records it as published. On a broker that keeps idempotency keys (here a Redis stream)
// the decision's id is its key, so the subscriber still gets it once.
TEST(Decisions, ADecisionPublishedAgainAfterAKillBeforeItWasRecordedReachesTheSubscriberOnce) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(
      work.path(), "config/redis-stream.json",
      keyed_text_overrides(redis, {winner_rule, R"(process.model.config.prior={"type": "uniform"})",
                                   "process.visualisers=[]"}));
  ASSERT_TRUE(
      engine.start({"--reset-state"}, {{"EVENT_ENGINE_KILL_AT", "decision_published_not_recorded:1"}}))
      << engine.log();
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=update_model",
                      variant_events("A", 17, 483) + variant_events("B", 67, 433))
                .status,
            202);
  ASSERT_EQ(engine.wait(std::chrono::seconds(30)), std::optional<int>(128 + SIGKILL)) << engine.log();
  // The state at the kill: the decision is in the stream, and the checkpoint has it made, unpublished.
  ASSERT_EQ(received(redis).size(), 1u);
  const nlohmann::json stored =
      nlohmann::json::parse(redis.cli({"HGET", "event-engine:checkpoint:model", "snapshot"}))["decisions"];
  ASSERT_EQ(stored["made"].size(), 1u) << stored;
  EXPECT_EQ(stored["made"][0]["published"], false);

  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_TRUE(wait_until([&] {
    const nlohmann::json listed = nlohmann::json::parse(http_get(engine.http_port(), "/decisions").body);
    return listed["decisions"].size() == 1 && listed["decisions"][0]["published"] == true;
  })) << engine.log();
  const std::vector<nlohmann::json> events = received(redis);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.front()["id"], "checkout-winner#1");
  ASSERT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(Decisions, AGuardrailNamesEachVariantThatFellBehindTheBaseline) {
  RedisServer redis;
  TempDir work;
  EngineInstance engine(
      work.path(), "config/redis-stream.json",
      keyed_text_overrides(
          redis,
          {R"(process.decisions={"every_ms": 20, "topic": "alerts", "rules": [{"name": "guard", "prefix": "checkout/", "baseline": "checkout/A", "worse_by": 0.1, "probability_at_least": 0.9}]})",
           R"(process.model.config.prior={"type": "uniform"})", "process.visualisers=[]"}));
  ASSERT_TRUE(engine.start({"--reset-state"})) << engine.log();
  // B is level with A; C converts at 4% against A's 10%.
  ASSERT_EQ(
      http_post(engine.http_port(), "/events?topic=update_model",
                variant_events("A", 100, 900) + variant_events("B", 100, 900) + variant_events("C", 40, 960))
          .status,
      202);
  ASSERT_TRUE(wait_until([&] { return redis.cli({"XLEN", "alerts"}) == "1"; })) << engine.log();
  const std::string entry = redis.cli({"XRANGE", "alerts", "-", "+"});
  const nlohmann::json alert = nlohmann::json::parse(entry.substr(entry.find('{')));
  EXPECT_EQ(alert["id"], "guard|checkout/C#1");
  EXPECT_EQ(alert["kind"], "guardrail");
  EXPECT_EQ(alert["key"], "checkout/C");
  EXPECT_EQ(alert["baseline"], "checkout/A");
  EXPECT_GE(alert["p_worse"].get<double>(), 0.9);
  ASSERT_TRUE(http_post(engine.http_port(), "/events?topic=update_model", variant_events("B", 1, 0)).status ==
              202);
  ASSERT_TRUE(evaluated_at(engine, 3001));
  EXPECT_EQ(redis.cli({"XLEN", "alerts"}), "1");
}

TEST(Decisions, RulesNeedKeysAndAFreeTopic) {
  RedisServer redis;
  TempDir work;
  EngineInstance unkeyed(
      work.path(), "config/redis-stream.json",
      redis_overrides(redis, true, {R"(process.decisions={"rules": [{"name": "w", "prefix": "x/"}]})"}));
  std::string output;
  EXPECT_EQ(run_program(unkeyed.command("validate"), output), 2) << output;
  EXPECT_NE(output.find("/process/decisions: expected process.keys too"), std::string::npos) << output;
  EngineInstance same_topic(
      work.path(), "config/redis-stream.json",
      redis_overrides(
          redis, true,
          {R"(process.keys={"format": "text"})",
           R"(process.decisions={"topic": "update_model", "rules": [{"name": "w", "prefix": "x/"}]})"}));
  EXPECT_EQ(run_program(same_topic.command("validate"), output), 2) << output;
  EXPECT_NE(output.find("/process/decisions/topic: expected a topic the pipeline does not consume"),
            std::string::npos)
      << output;
  EngineInstance bad_rule(
      work.path(), "config/redis-stream.json",
      redis_overrides(
          redis, true,
          {R"(process.keys={"format": "text"})",
           R"(process.decisions={"rules": [{"name": "w", "prefix": "x/", "p_best_at_least": 2}]})"}));
  EXPECT_EQ(run_program(bad_rule.command("validate"), output), 2) << output;
  EXPECT_NE(output.find("/process/decisions/rules/0/p_best_at_least"), std::string::npos) << output;
}

}  // namespace
}  // namespace event_engine::testing
