#include "adapter/model_snapshot.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

// A checkpoint goes through a store as text.
json through_text(const json& snapshot) { return json::parse(snapshot.dump()); }

void expect_restore_refused(event_engine::Model& model, const json& snapshot, const std::string& reason) {
  const std::string before = model.summary(false).dump();
  try {
    model.restore(snapshot);
    ADD_FAILURE() << "restored " << snapshot.dump().substr(0, 200);
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
  }
  EXPECT_EQ(model.summary(false).dump(), before) << "a refused snapshot changed the model";
}

TEST(ModelSnapshot, HoldsCountsGridPriorAndLogPosterior) {
  ModelFixture fixture;
  auto model = fixture.make(json::parse(R"({"grid_points": 5, "prior": {"type": "step", "above": 0.3}})"));
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wwl"), rejected);
  const json snapshot = model->snapshot();
  EXPECT_EQ(snapshot["model"], "binomial_grid");
  EXPECT_EQ(snapshot["format"], 1);
  EXPECT_EQ(snapshot["grid_points"], 5);
  EXPECT_EQ(snapshot["prior"], json::parse(R"({"type": "step", "above": 0.3})"));
  EXPECT_EQ(snapshot["w"], 2);
  EXPECT_EQ(snapshot["l"], 1);
  ASSERT_EQ(snapshot["log_posterior"].size(), 5u);
  // Points 0 and 0.25 are outside the prior, and p = 1 cannot give a failure: probability zero.
  EXPECT_TRUE(snapshot["log_posterior"][0].is_null());
  EXPECT_TRUE(snapshot["log_posterior"][1].is_null());
  EXPECT_DOUBLE_EQ(snapshot["log_posterior"][2].get<double>(), 3 * std::log(0.5));
  EXPECT_TRUE(snapshot["log_posterior"][4].is_null());
}

TEST(ModelSnapshot, RestoredModelContinuesAsIfNeverStopped) {
  for (const char* config : {R"({"prior": {"type": "beta", "a": 0.5, "b": 3.7}})", R"({})",
                             R"({"grid_points": 1000, "prior": {"type": "uniform"}})"}) {
    SCOPED_TRACE(config);
    ModelFixture fixture;
    auto never_stopped = fixture.make(json::parse(config));
    auto restarted = fixture.make(json::parse(config));
    event_engine::RejectedEvents rejected;
    never_stopped->apply(batch_of_characters("wlwwwlwlwwwlw"), rejected);

    restarted->restore(through_text(never_stopped->snapshot()));
    EXPECT_EQ(restarted->summary(false).dump(), never_stopped->summary(false).dump());
    EXPECT_EQ(restarted->snapshot().dump(), never_stopped->snapshot().dump());

    for (const char* batch : {"wwl", "l", "wlwlwwwwwwwwwl"}) {
      never_stopped->apply(batch_of_characters(batch), rejected);
      restarted->apply(batch_of_characters(batch), rejected);
      EXPECT_EQ(restarted->summary(false).dump(), never_stopped->summary(false).dump());
    }
    EXPECT_EQ(restarted->snapshot().dump(), never_stopped->snapshot().dump());
  }
}

TEST(ModelSnapshot, ImpossibleStateRoundTrips) {
  ModelFixture fixture;
  const json config = json::parse(R"({"prior": {"type": "step", "below": 0.005}})");
  auto model = fixture.make(config);
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("lw"), rejected);
  auto restored = fixture.make(config);
  restored->restore(through_text(model->snapshot()));
  EXPECT_EQ(restored->summary(false).dump(), model->summary(false).dump());
  EXPECT_EQ(restored->summary(true)["impossible"], true);
}

TEST(ModelSnapshot, SnapshotOfAnotherConfigIsRefused) {
  ModelFixture fixture;
  auto model = fixture.make(json::object());
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wlw"), rejected);
  const json snapshot = model->snapshot();

  auto more_points = fixture.make(json::parse(R"({"grid_points": 200})"));
  expect_restore_refused(*more_points, snapshot, "taken with grid_points 120, but the config now says 200");
  auto other_prior = fixture.make(json::parse(R"({"prior": {"type": "step", "above": 0.2}})"));
  expect_restore_refused(*other_prior, snapshot, "taken with prior {\"above\":0.1,\"type\":\"step\"}");
  auto uniform = fixture.make(json::parse(R"({"prior": {"type": "uniform"}})"));
  expect_restore_refused(*uniform, snapshot, "the config changed since the checkpoint was saved");
}

TEST(ModelSnapshot, MalformedSnapshotIsRefused) {
  ModelFixture fixture;
  auto model = fixture.make(json::object());
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wlw"), rejected);
  const json good = model->snapshot();

  auto changed = [&](const char* key, const json& value) {
    json snapshot = good;
    snapshot[key] = value;
    return snapshot;
  };
  json without_w = good;
  without_w.erase("w");
  json short_log_posterior = good;
  short_log_posterior["log_posterior"].erase(0);
  json text_in_log_posterior = good;
  text_in_log_posterior["log_posterior"][3] = "x";

  expect_restore_refused(*model, json::array(), "expected a JSON object");
  expect_restore_refused(*model, changed("model", "poisson_gamma"), "taken from model \"poisson_gamma\"");
  expect_restore_refused(*model, changed("format", 2), "format 2");
  expect_restore_refused(*model, without_w, "no \"w\"");
  expect_restore_refused(*model, changed("l", -3), "\"l\" is not a count: -3");
  expect_restore_refused(*model, changed("l", 2.5), "\"l\" is not a count: 2.5");
  expect_restore_refused(*model, short_log_posterior, "\"log_posterior\" is not a list of 120 values");
  expect_restore_refused(*model, text_in_log_posterior, "holds \"x\", not a number or null");
}

}  // namespace
}  // namespace binomial_grid
