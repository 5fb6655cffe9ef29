#include "adapter/binomial_grid_config.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace binomial_grid {
namespace {

using nlohmann::json;

BinomialGridConfig read(const json& config) {
  return read_binomial_grid_config(event_engine::ConfigReader(config, "/process/model/config"));
}

TEST(BinomialGridConfig, DefaultsAreTheSeeds) {
  const BinomialGridConfig config = read(json::object());
  EXPECT_EQ(config.grid_points, 120u);
  EXPECT_EQ(config.prior, Prior(StepPrior{0.1, {}}));
  EXPECT_EQ(config.success_tokens, std::vector<std::string>{"w"});
  EXPECT_EQ(config.failure_tokens, std::vector<std::string>{"l"});
  EXPECT_EQ(config.interval_mass, 0.89);
}

TEST(BinomialGridConfig, ReadsEveryKey) {
  const BinomialGridConfig config = read(json::parse(R"({
    "grid_points": 5, "prior": {"type": "list", "values": [0, 1, 2, 1, 0]},
    "success": ["w", "win"], "failure": "l", "interval_mass": 0.5})"));
  EXPECT_EQ(config.grid_points, 5u);
  EXPECT_EQ(config.prior, Prior(ListPrior{{0, 1, 2, 1, 0}}));
  EXPECT_EQ(config.success_tokens, (std::vector<std::string>{"w", "win"}));
  EXPECT_EQ(config.failure_tokens, std::vector<std::string>{"l"});
  EXPECT_EQ(config.interval_mass, 0.5);
}

TEST(BinomialGridConfig, ReadsEachPriorType) {
  EXPECT_EQ(read(json::parse(R"({"prior": {"type": "uniform"}})")).prior, Prior(UniformPrior{}));
  EXPECT_EQ(read(json::parse(R"({"prior": {"type": "step", "below": 0.7}})")).prior,
            Prior(StepPrior{{}, 0.7}));
  EXPECT_EQ(read(json::parse(R"({"prior": {"type": "step", "above": 0.2, "below": 0.7}})")).prior,
            Prior(StepPrior{0.2, 0.7}));
  EXPECT_EQ(read(json::parse(R"({"prior": {"type": "beta", "a": 2, "b": 0.5}})")).prior,
            Prior(BetaPrior{2, 0.5}));
}

TEST(BinomialGridConfig, ReadsForgetting) {
  EXPECT_FALSE(read(json::object()).forgetting);
  EXPECT_FALSE(read(json::parse(R"({"forgetting": null})")).forgetting);
  EXPECT_EQ(read(json::parse(R"({"forgetting": {"half_life_events": 500}})")).forgetting,
            (Forgetting{ForgettingClock::events, 500}));
  EXPECT_EQ(read(json::parse(R"({"forgetting": {"half_life_seconds": 0.25}})")).forgetting,
            (Forgetting{ForgettingClock::seconds, 0.25}));
  EXPECT_EQ(forgetting_to_json(Forgetting{ForgettingClock::seconds, 0.25}),
            json::parse(R"({"half_life_seconds": 0.25})"));
  EXPECT_EQ(forgetting_to_json(std::nullopt), json(nullptr));
}

struct BadConfig {
  const char* config;
  const char* path;
  const char* message;
};

TEST(BinomialGridConfig, BadValuesAreConfigErrorsNamingTheirPath) {
  const BadConfig cases[] = {
      {R"({"grid_points": "abc"})", "/grid_points", R"(expected an integer in [2, 1000000], got "abc")"},
      {R"({"grid_points": 1})", "/grid_points", "expected an integer in [2, 1000000], got 1"},
      {R"({"grid_points": 2.5})", "/grid_points", "expected an integer in [2, 1000000], got 2.5"},
      {R"({"grid_points": 1000001})", "/grid_points", "expected an integer in [2, 1000000]"},
      {R"({"prior": "uniform"})", "/prior", R"(expected an object, got "uniform")"},
      {R"({"prior": {}})", "/prior/type",
       "expected one of \"uniform\" \"step\" \"beta\" \"list\", got nothing"},
      {R"({"prior": {"type": "gamma"}})", "/prior/type", R"(expected one of "uniform" "step" "beta" "list")"},
      {R"({"prior": {"type": "uniform", "above": 0.5}})", "/prior/above", "not a key of a uniform prior"},
      {R"({"prior": {"type": "beta", "a": -1, "b": 2}})", "/prior/a", "expected a number > 0, got -1"},
      {R"({"prior": {"type": "beta", "a": 0, "b": 2}})", "/prior/a", "expected a number > 0, got 0"},
      {R"({"prior": {"type": "beta", "a": 2}})", "/prior/b", "expected a number > 0, got nothing"},
      {R"({"prior": {"type": "beta", "a": 2, "b": "x"}})", "/prior/b", R"(expected a number, got "x")"},
      {R"({"prior": {"type": "beta", "alpha": 2, "b": 2}})", "/prior/alpha",
       "not a key of a beta prior (its keys: type, a, b)"},
      {R"({"prior": {"type": "step"}})", "/prior", R"(a step prior needs "above", "below" or both)"},
      {R"({"prior": {"type": "step", "above": 1.5}})", "/prior/above",
       "expected a number in [0, 1], got 1.5"},
      {R"({"prior": {"type": "step", "below": -0.1}})", "/prior/below",
       "expected a number in [0, 1], got -0.1"},
      {R"({"prior": {"type": "step", "above": 0.6, "below": 0.4}})", "/prior/below",
       "expected a number > above (0.6), got 0.4"},
      {R"({"prior": {"type": "step", "above": 0.995, "below": 1}})", "/prior",
       "expected a prior that is positive somewhere on the grid of 120 points"},
      {R"({"grid_points": 3, "prior": {"type": "list"}})", "/prior/values",
       "expected a list of 3 numbers >= 0 (one per grid point), got nothing"},
      {R"({"grid_points": 3, "prior": {"type": "list", "values": [1, 2]}})", "/prior/values",
       "expected a list of 3 numbers >= 0 (one per grid point), got 2 values"},
      {R"({"grid_points": 3, "prior": {"type": "list", "values": [1, "x", 2]}})", "/prior/values/1",
       R"(expected a number, got "x")"},
      {R"({"grid_points": 3, "prior": {"type": "list", "values": [1, 2, -1]}})", "/prior/values/2",
       "expected a number >= 0, got -1"},
      {R"({"grid_points": 3, "prior": {"type": "list", "values": [0, 0, 0]}})", "/prior",
       "expected a prior that is positive somewhere on the grid of 3 points"},
      {R"({"success": 5})", "/success", "expected a list of strings, got 5"},
      {R"({"success": []})", "/success", "expected at least one token, got []"},
      {R"({"failure": ["l", ""]})", "/failure/1", R"(expected a non-empty token, got "")"},
      {R"({"failure": ["l", "w"]})", "/failure/1",
       R"(expected a token that is not also a success token, got "w")"},
      {R"({"interval_mass": 0})", "/interval_mass", "expected a number > 0 and <= 1, got 0"},
      {R"({"interval_mass": 1.5})", "/interval_mass", "expected a number > 0 and <= 1, got 1.5"},
      {R"({"interval_mass": "most"})", "/interval_mass", R"(expected a number, got "most")"},
      {R"({"forgetting": 500})", "/forgetting", "expected an object, got 500"},
      {R"({"forgetting": {}})", "/forgetting",
       R"(expected exactly one of "half_life_events" and "half_life_seconds")"},
      {R"({"forgetting": {"half_life_events": 10, "half_life_seconds": 10}})", "/forgetting",
       R"(expected exactly one of "half_life_events" and "half_life_seconds")"},
      {R"({"forgetting": {"half_life": 10}})", "/forgetting/half_life",
       "not a key of forgetting (its keys: half_life_events or half_life_seconds)"},
      {R"({"forgetting": {"half_life_events": 0.5}})", "/forgetting/half_life_events",
       "expected a finite number >= 1, got 0.5"},
      {R"({"forgetting": {"half_life_events": -3}})", "/forgetting/half_life_events",
       "expected a finite number >= 1, got -3"},
      {R"({"forgetting": {"half_life_events": "100"}})", "/forgetting/half_life_events",
       R"(expected a number, got "100")"},
      {R"({"forgetting": {"half_life_seconds": 0}})", "/forgetting/half_life_seconds",
       "expected a finite number > 0, got 0"},
      {R"({"forgetting": {"half_life_seconds": true}})", "/forgetting/half_life_seconds",
       "expected a number, got true"},
  };
  for (const BadConfig& bad : cases) {
    SCOPED_TRACE(bad.config);
    try {
      read(json::parse(bad.config));
      ADD_FAILURE() << "no ConfigError";
    } catch (const event_engine::ConfigError& error) {
      EXPECT_EQ(error.path(), std::string("/process/model/config") + bad.path);
      EXPECT_NE(std::string(error.what()).find(bad.message), std::string::npos) << error.what();
    }
  }
}

TEST(BinomialGridConfig, TheIssuesExampleMessage) {
  try {
    read(json::parse(R"({"prior": {"type": "beta", "a": -1, "b": 1}})"));
    FAIL() << "no ConfigError";
  } catch (const event_engine::ConfigError& error) {
    EXPECT_STREQ(error.what(), "/process/model/config/prior/a: expected a number > 0, got -1");
  }
}

}  // namespace
}  // namespace binomial_grid
