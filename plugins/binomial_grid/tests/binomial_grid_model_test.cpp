#include "adapter/binomial_grid_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

const json uniform_120 = json::parse(R"({"grid_points": 120, "prior": {"type": "uniform"}})");

double sum_of(const json& values) {
  double total = 0.0;
  for (const json& value : values) total += value.get<double>();
  return total;
}

TEST(BinomialGridModel, SixSuccessesInNineTrials) {
  ModelFixture fixture;
  auto model = fixture.make(uniform_120);
  event_engine::RejectedEvents rejected;
  const event_engine::ApplyResult result = model->apply(batch_of_characters("wlwwwlwlw"), rejected);
  EXPECT_EQ(result.accepted, 9u);
  EXPECT_EQ(result.rejected, 0u);
  EXPECT_EQ(rejected.size(), 0u);

  const json summary = model->summary(false);
  EXPECT_EQ(summary["w"], 6);
  EXPECT_EQ(summary["l"], 3);
  EXPECT_EQ(summary["n"], 9);
  EXPECT_EQ(summary["grid_points"], 120);
  EXPECT_EQ(summary["prior_type"], "uniform");
  EXPECT_EQ(summary["impossible"], false);
  EXPECT_EQ(summary["interval_mass"], 0.89);
  EXPECT_NEAR(summary["sd"].get<double>(), 0.139, 0.0005);  // the seed said 0.067
  EXPECT_NEAR(summary["mean"].get<double>(), 7.0 / 11.0, 0.001);
  EXPECT_NEAR(summary["map"].get<double>(), 6.0 / 9.0, 0.5 / 119.0);
  for (const char* interval : {"percentile_interval", "hpdi"}) {
    ASSERT_EQ(summary[interval].size(), 2u) << interval;
    EXPECT_LT(summary[interval][0].get<double>(), summary["mean"].get<double>()) << interval;
    EXPECT_GT(summary[interval][1].get<double>(), summary["mean"].get<double>()) << interval;
  }
  ASSERT_EQ(summary["grid"].size(), 120u);
  EXPECT_EQ(summary["grid"][0], 0.0);
  EXPECT_EQ(summary["grid"][119], 1.0);
  EXPECT_NEAR(sum_of(summary["posterior"]), 1.0, 1e-12);
  EXPECT_NEAR(sum_of(summary["prior"]), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(summary["prior"][0].get<double>(), 1.0 / 120.0);
}

TEST(BinomialGridModel, CompactSummaryLeavesOutTheArrays) {
  ModelFixture fixture;
  const json summary = fixture.make(json::object())->summary(true);
  for (const char* key : {"grid", "prior", "posterior"}) EXPECT_FALSE(summary.contains(key)) << key;
  for (const char* key : {"w", "l", "n", "grid_points", "prior_type", "mean", "sd", "map",
                          "percentile_interval", "hpdi", "interval_mass", "impossible"}) {
    EXPECT_TRUE(summary.contains(key)) << key;
  }
  EXPECT_EQ(summary["prior_type"], "step");
}

TEST(BinomialGridModel, RejectedEventsAreReportedByIndexAndChangeNothing) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"success": ["w", "win"]})"));
  auto reference = fixture.make(json::parse(R"({"success": ["w", "win"]})"));
  event_engine::EventBatch batch;
  for (std::string_view payload : {"w", "x", "l", "", "win", "ww", "L", "w "}) batch.add(payload);
  event_engine::RejectedEvents rejected;
  const event_engine::ApplyResult result = model->apply(batch, rejected);
  EXPECT_EQ(result.accepted, 3u);
  EXPECT_EQ(result.rejected, 5u);
  std::vector<std::uint32_t> indices;
  for (const event_engine::Rejection& rejection : rejected.items()) {
    indices.push_back(rejection.index);
    EXPECT_STREQ(rejection.reason, "not a success or failure token");
  }
  EXPECT_EQ(indices, (std::vector<std::uint32_t>{1, 3, 5, 6, 7}));

  event_engine::RejectedEvents none;
  reference->apply(batch_of_characters("wlw"), none);
  EXPECT_EQ(model->summary(false).dump(), reference->summary(false).dump());

  event_engine::RejectedEvents all;
  const event_engine::ApplyResult nothing = model->apply(batch_of_characters("xyz"), all);
  EXPECT_EQ(nothing.accepted, 0u);
  EXPECT_EQ(nothing.rejected, 3u);
  EXPECT_EQ(model->summary(false).dump(), reference->summary(false).dump());
}

TEST(BinomialGridModel, BatchingDoesNotChangeTheResult) {
  ModelFixture fixture;
  const std::string trials = "wlwwwlwlwwwlllwwlwlwwwwlwlwwlwlllwwwlw";
  auto all_at_once = fixture.make(json::object());
  auto one_by_one = fixture.make(json::object());
  auto in_threes = fixture.make(json::object());
  event_engine::RejectedEvents rejected;
  all_at_once->apply(batch_of_characters(trials), rejected);
  for (char trial : trials) one_by_one->apply(batch_of_characters(std::string(1, trial)), rejected);
  for (std::size_t begin = 0; begin < trials.size(); begin += 3) {
    in_threes->apply(batch_of_characters(std::string_view(trials).substr(begin, 3)), rejected);
  }
  EXPECT_EQ(one_by_one->summary(false).dump(), all_at_once->summary(false).dump());
  EXPECT_EQ(in_threes->summary(false).dump(), all_at_once->summary(false).dump());
}

TEST(BinomialGridModel, TenMillionEvents) {
  ModelFixture fixture;
  // 1001 points put a grid point at 0.7, which a posterior this narrow (sd 1.4e-4) sits on.
  auto model = fixture.make(json::parse(R"({"grid_points": 1001})"));
  std::string trials;
  for (int i = 0; i < 100'000; ++i) trials += "wwlwwlwwlw";
  const event_engine::EventBatch batch = batch_of_characters(trials);
  event_engine::RejectedEvents rejected;
  for (int round = 0; round < 10; ++round) EXPECT_EQ(model->apply(batch, rejected).accepted, 1'000'000u);

  const json summary = model->summary(false);
  EXPECT_EQ(summary["n"], 10'000'000);
  EXPECT_EQ(summary["impossible"], false);
  EXPECT_NEAR(summary["mean"].get<double>(), 0.7, 1e-3);
  EXPECT_TRUE(std::isfinite(summary["sd"].get<double>()));
  EXPECT_NEAR(sum_of(summary["posterior"]), 1.0, 1e-12);
  for (const json& probability : summary["posterior"]) ASSERT_TRUE(probability.is_number());
}

TEST(BinomialGridModel, ViewDrawsPosteriorThenPrior) {
  ModelFixture fixture;
  auto model = fixture.make(uniform_120);
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wlwwwlwlw"), rejected);
  const event_engine::ModelView view = model->view();
  EXPECT_EQ(view.title, "w: 6, n: 9, grid approx (120 points)");
  EXPECT_EQ(view.x_label, "Proportion of w");
  EXPECT_EQ(view.y_label, "Probability");
  EXPECT_EQ(view.tag, "n_9_w_6");
  ASSERT_EQ(view.series.size(), 2u);
  EXPECT_EQ(view.series[0].name, "Posterior");
  EXPECT_EQ(view.series[0].style, event_engine::SeriesStyle::line_with_markers);
  EXPECT_EQ(view.series[1].name, "Prior");
  EXPECT_EQ(view.series[1].style, event_engine::SeriesStyle::dashed);
  const json summary = model->summary(false);
  for (const event_engine::Series& series : view.series) {
    EXPECT_EQ(json(series.x), summary["grid"]);
  }
  EXPECT_EQ(json(view.series[0].y), summary["posterior"]);
  EXPECT_EQ(json(view.series[1].y), summary["prior"]);
}

TEST(BinomialGridModel, CertainProportionAtTheEndOfTheGrid) {
  ModelFixture fixture;
  json values = json::array();
  for (int i = 0; i < 10; ++i) values.push_back(0);
  values.push_back(1);  // all the prior's mass at p = 1
  auto model = fixture.make(json{{"grid_points", 11}, {"prior", {{"type", "list"}, {"values", values}}}});
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("www"), rejected);
  const json summary = model->summary(true);
  EXPECT_EQ(summary["impossible"], false);
  EXPECT_EQ(summary["mean"], 1.0);
  EXPECT_EQ(summary["sd"], 0.0);
  EXPECT_EQ(summary["map"], 1.0);
  EXPECT_EQ(summary["hpdi"], json::array({1.0, 1.0}));
  EXPECT_EQ(summary["percentile_interval"], json::array({1.0, 1.0}));
}

TEST(BinomialGridModel, DataImpossibleUnderThePriorAreReportedAndLoggedOnce) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"prior": {"type": "step", "below": 0.005}})"));  // only p = 0
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("ll"), rejected);
  EXPECT_EQ(model->summary(true)["impossible"], false);
  EXPECT_TRUE(fixture.log->last_formatted().empty());

  model->apply(batch_of_characters("lw"), rejected);
  model->apply(batch_of_characters("wl"), rejected);
  const json summary = model->summary(false);
  EXPECT_EQ(summary["impossible"], true);
  EXPECT_EQ(summary["w"], 2);
  EXPECT_EQ(summary["l"], 4);
  EXPECT_NE(summary["message"].get<std::string>().find("impossible under the prior"), std::string::npos);
  for (const char* key : {"mean", "sd", "map", "percentile_interval", "hpdi", "posterior"}) {
    EXPECT_TRUE(summary[key].is_null()) << key;
  }
  EXPECT_NEAR(sum_of(summary["prior"]), 1.0, 1e-12);
  const std::vector<std::string> logged = fixture.log->last_formatted();
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].find("impossible under the prior"), std::string::npos);
  EXPECT_NE(logged[0].find("warning"), std::string::npos);
  EXPECT_EQ(model->view().series[0].y, std::vector<double>(120, 0.0));
}

// What the engine publishes for readers: the state at the time of the clone, untouched by later
// batches on the original, and answering every read as the original did.
TEST(BinomialGridModel, CloneIsAnIndependentCopyOfTheState) {
  ModelFixture fixture;
  auto model = fixture.make(uniform_120);
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wlwwwlwlw"), rejected);
  const std::unique_ptr<event_engine::Model> clone = model->clone();
  EXPECT_EQ(clone->summary(false), model->summary(false));
  EXPECT_EQ(clone->snapshot(), model->snapshot());
  EXPECT_EQ(clone->view().series[0].y, model->view().series[0].y);
  const json seeded = clone->query("predict", {{"trials", "9"}, {"draws", "100"}, {"seed", "7"}});
  EXPECT_EQ(seeded, model->query("predict", {{"trials", "9"}, {"draws", "100"}, {"seed", "7"}}));

  const json before = clone->snapshot();
  model->apply(batch_of_characters("llll"), rejected);
  EXPECT_EQ(clone->snapshot(), before);
  EXPECT_EQ(clone->summary(true)["n"], 9);
  EXPECT_EQ(model->summary(true)["n"], 13);
}

TEST(BinomialGridModel, UnknownQueryIsNotFound) {
  ModelFixture fixture;
  try {
    fixture.make(json::object())->query("forecast", {});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_NE(std::string(error.what()).find("forecast"), std::string::npos);
  }
}

}  // namespace
}  // namespace binomial_grid
