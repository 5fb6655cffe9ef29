#include "adapter/predict_query.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <numeric>
#include <string>

#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

class PredictQuery : public testing::Test {
 protected:
  void SetUp() override {
    model_ = fixture_.make(json::parse(R"({"prior": {"type": "uniform"}})"));
    event_engine::RejectedEvents rejected;
    model_->apply(batch_of_characters("wlwwwlwlw"), rejected);
  }

  json predict(const event_engine::QueryParameters& parameters) const {
    return model_->query("predict", parameters);
  }

  ModelFixture fixture_;
  std::unique_ptr<event_engine::Model> model_;
};

TEST_F(PredictQuery, SeededDrawsAreReproducible) {
  const json first = predict({{"trials", "9"}, {"draws", "20000"}, {"seed", "1234"}});
  EXPECT_EQ(predict({{"trials", "9"}, {"draws", "20000"}, {"seed", "1234"}}), first);
  EXPECT_NE(predict({{"trials", "9"}, {"draws", "20000"}, {"seed", "1235"}})["histogram"],
            first["histogram"]);
  EXPECT_EQ(first["trials"], 9);
  EXPECT_EQ(first["draws"], 20000);
  EXPECT_EQ(first["seed"], 1234);
  const std::vector<std::uint64_t> histogram = first["histogram"];
  ASSERT_EQ(histogram.size(), 10u);
  EXPECT_EQ(std::accumulate(histogram.begin(), histogram.end(), std::uint64_t{0}), 20000u);
  // Posterior mean 7/11 on the grid, so about 9 * 7/11 successes in 9 trials.
  EXPECT_NEAR(first["mean"].get<double>(), 9.0 * 7.0 / 11.0, 0.06);
}

TEST_F(PredictQuery, UnseededDrawsReportTheSeedThatReproducesThem) {
  const json unseeded = predict({{"trials", "5"}, {"draws", "100"}});
  const std::uint64_t seed = unseeded["seed"];
  EXPECT_EQ(predict({{"trials", "5"}, {"draws", "100"}, {"seed", std::to_string(seed)}}), unseeded);
}

TEST_F(PredictQuery, BadParametersAreBadRequests) {
  const event_engine::QueryParameters bad[] = {
      {{"draws", "10"}},
      {{"trials", "10"}},
      {{"trials", "0"}, {"draws", "10"}},
      {{"trials", "10001"}, {"draws", "10"}},
      {{"trials", "10"}, {"draws", "0"}},
      {{"trials", "10"}, {"draws", "1000001"}},
      {{"trials", "abc"}, {"draws", "10"}},
      {{"trials", "5x"}, {"draws", "10"}},
      {{"trials", "-1"}, {"draws", "10"}},
      {{"trials", ""}, {"draws", "10"}},
      {{"trials", "2.5"}, {"draws", "10"}},
      {{"trials", "10"}, {"draws", "99999999999999999999999"}},
      {{"trials", "10"}, {"draws", "10"}, {"seed", "lucky"}},
      {{"trials", "10"}, {"draws", "10"}, {"trails", "3"}},
  };
  for (const event_engine::QueryParameters& parameters : bad) {
    SCOPED_TRACE(json(parameters).dump());
    try {
      predict(parameters);
      ADD_FAILURE() << "no QueryError";
    } catch (const event_engine::QueryError& error) {
      EXPECT_EQ(error.status(), 400);
      EXPECT_NE(std::string(error.what()).find("predict: "), std::string::npos) << error.what();
    }
  }
  EXPECT_EQ(predict({{"trials", "10000"}, {"draws", "1"}, {"seed", "0"}})["histogram"].size(), 10001u);
  EXPECT_EQ(predict({{"trials", "1"}, {"draws", "1000000"}, {"seed", "18446744073709551615"}})["draws"],
            1000000);
}

TEST_F(PredictQuery, MessagesSayWhatIsExpected) {
  try {
    predict({{"trials", "0"}, {"draws", "10"}});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_STREQ(error.what(), "predict: parameter \"trials\": expected an integer in 1..10000, got \"0\"");
  }
}

TEST(PredictQueryOnImpossibleData, IsAConflict) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"prior": {"type": "step", "below": 0.005}})"));
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("w"), rejected);
  try {
    model->query("predict", {{"trials", "3"}, {"draws", "10"}});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_EQ(error.status(), 409);
  }
}

}  // namespace
}  // namespace binomial_grid
