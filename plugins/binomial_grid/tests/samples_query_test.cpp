#include "adapter/samples_query.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

class SamplesQuery : public testing::Test {
 protected:
  void SetUp() override {
    model_ = fixture_.make(json::parse(R"({"prior": {"type": "uniform"}})"));
    event_engine::RejectedEvents rejected;
    model_->apply(batch_of_characters("wlwwwlwlw"), rejected);
  }

  json samples(const event_engine::QueryParameters& parameters) const {
    return model_->query("samples", parameters);
  }

  ModelFixture fixture_;
  std::unique_ptr<event_engine::Model> model_;
};

TEST_F(SamplesQuery, SeededDrawsAreReproducibleGridPointsFromThePosterior) {
  const json first = samples({{"draws", "20000"}, {"seed", "42"}});
  EXPECT_EQ(samples({{"draws", "20000"}, {"seed", "42"}}), first);
  EXPECT_NE(samples({{"draws", "20000"}, {"seed", "43"}})["samples"], first["samples"]);
  EXPECT_EQ(first["draws"], 20000);
  EXPECT_EQ(first["seed"], 42);
  const std::vector<double> drawn = first["samples"];
  ASSERT_EQ(drawn.size(), 20000u);

  const json summary = model_->summary(false);
  const std::vector<double> grid = summary["grid"];
  const std::set<double> points(grid.begin(), grid.end());
  double sum = 0.0;
  double sum_of_squares = 0.0;
  for (const double p : drawn) {
    EXPECT_TRUE(points.contains(p)) << p;
    sum += p;
    sum_of_squares += p * p;
  }
  // Beta(7, 4) under a uniform prior: mean 7/11, sd about 0.139; 20000 draws put the sample mean
  // within 0.003 of it (three standard errors).
  const double mean = sum / drawn.size();
  EXPECT_NEAR(mean, 7.0 / 11.0, 0.003);
  EXPECT_NEAR(std::sqrt(sum_of_squares / drawn.size() - mean * mean), 0.139, 0.005);
  EXPECT_DOUBLE_EQ(first["mean"].get<double>(), mean);
}

TEST_F(SamplesQuery, UnseededDrawsReportTheSeedThatReproducesThem) {
  const json unseeded = samples({{"draws", "50"}});
  const std::uint64_t seed = unseeded["seed"];
  EXPECT_EQ(samples({{"draws", "50"}, {"seed", std::to_string(seed)}}), unseeded);
}

TEST_F(SamplesQuery, BadParametersAreBadRequestsNamingTheQuery) {
  const event_engine::QueryParameters bad[] = {
      {},
      {{"draws", "0"}},
      {{"draws", "100001"}},
      {{"draws", "ten"}},
      {{"draws", "99999999999999999999999"}},
      {{"draws", "10"}, {"seed", "-1"}},
      {{"draws", "10"}, {"trials", "3"}},
  };
  for (const event_engine::QueryParameters& parameters : bad) {
    SCOPED_TRACE(json(parameters).dump());
    try {
      samples(parameters);
      ADD_FAILURE() << "no QueryError";
    } catch (const event_engine::QueryError& error) {
      EXPECT_EQ(error.status(), 400);
      EXPECT_EQ(std::string(error.what()).rfind("samples: ", 0), 0u) << error.what();
    }
  }
  EXPECT_EQ(samples({{"draws", "100000"}, {"seed", "1"}})["samples"].size(), 100000u);
}

TEST(SamplesQueryOnImpossibleData, IsAConflict) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"prior": {"type": "step", "below": 0.005}})"));
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("w"), rejected);
  try {
    model->query("samples", {{"draws", "10"}});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_EQ(error.status(), 409);
  }
}

TEST(PredictQueryView, IsTheSeedNotebooksHistogramOfTheSameDraws) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"prior": {"type": "uniform"}})"));
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wlwwwlwlw"), rejected);
  const event_engine::QueryParameters parameters{{"trials", "9"}, {"draws", "1000"}, {"seed", "7"}};
  const event_engine::ModelView view = model->query_view("predict", parameters);
  EXPECT_EQ(view.title, "Posterior predictive distribution");
  EXPECT_EQ(view.x_label, "Predicted w count");
  EXPECT_EQ(view.y_label, "Frequency");
  ASSERT_EQ(view.series.size(), 1u);
  EXPECT_EQ(view.series[0].style, event_engine::SeriesStyle::bars);
  const std::vector<std::uint64_t> histogram = model->query("predict", parameters)["histogram"];
  ASSERT_EQ(view.series[0].y.size(), histogram.size());
  for (std::size_t k = 0; k < histogram.size(); ++k) {
    EXPECT_EQ(view.series[0].x[k], static_cast<double>(k));
    EXPECT_EQ(view.series[0].y[k], static_cast<double>(histogram[k]));
  }
  try {
    model->query_view("samples", {{"draws", "3"}});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_EQ(error.status(), 404);
  }
}

}  // namespace
}  // namespace binomial_grid
