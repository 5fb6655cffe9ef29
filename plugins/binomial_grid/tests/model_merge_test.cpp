// Mergeable state: models that applied disjoint shares of one set of trials, merged in any order
// and grouping, answer as one model that applied them all (the group view of several engines).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

const json step_config = json::parse(R"({"grid_points": 120, "prior": {"type": "step", "above": 0.1}})");
const json beta_config = json::parse(R"({"grid_points": 200, "prior": {"type": "beta", "a": 2, "b": 3}})");

std::string random_trials(std::mt19937_64& random, std::size_t count) {
  std::bernoulli_distribution success(0.37);
  std::string trials(count, 'l');
  for (char& trial : trials) trial = success(random) ? 'w' : 'l';
  return trials;
}

// Splits `trials` at random points into `parts` shares (some may be empty).
std::vector<std::string> random_split(std::mt19937_64& random, const std::string& trials, std::size_t parts) {
  std::uniform_int_distribution<std::size_t> cut(0, trials.size());
  std::vector<std::size_t> cuts(parts - 1);
  for (std::size_t& at : cuts) at = cut(random);
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> shares;
  std::size_t begin = 0;
  for (std::size_t at : cuts) {
    shares.push_back(trials.substr(begin, at - begin));
    begin = at;
  }
  shares.push_back(trials.substr(begin));
  return shares;
}

json snapshot_after(const ModelFixture& fixture, const json& config, const std::string& trials) {
  auto model = fixture.make(config);
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters(trials), rejected);
  return model->snapshot();
}

void expect_same_posterior(const event_engine::Model& merged, const event_engine::Model& single) {
  const json got = merged.summary(false);
  const json want = single.summary(false);
  ASSERT_EQ(got.at("w"), want.at("w"));
  ASSERT_EQ(got.at("l"), want.at("l"));
  ASSERT_EQ(got.at("posterior").size(), want.at("posterior").size());
  for (std::size_t i = 0; i < want.at("posterior").size(); ++i) {
    EXPECT_NEAR(got.at("posterior")[i].get<double>(), want.at("posterior")[i].get<double>(), 1e-12) << i;
  }
  EXPECT_NEAR(got.at("mean").get<double>(), want.at("mean").get<double>(), 1e-12);
  EXPECT_NEAR(got.at("sd").get<double>(), want.at("sd").get<double>(), 1e-12);
}

TEST(BinomialGridMerge, TheModelSaysItsStateMerges) {
  ModelFixture fixture;
  EXPECT_TRUE(fixture.make(step_config)->mergeable());
}

TEST(BinomialGridMerge, RandomSplitsMergedInAnyOrderEqualTheSingleEnginePosterior) {
  ModelFixture fixture;
  std::mt19937_64 random(20261202);
  for (const json& config : {step_config, beta_config}) {
    for (int round = 0; round < 20; ++round) {
      const std::string trials = random_trials(random, 2000 + static_cast<std::size_t>(round) * 37);
      auto single = fixture.make(config);
      event_engine::RejectedEvents rejected;
      single->apply(batch_of_characters(trials), rejected);

      const std::vector<std::string> shares = random_split(random, trials, 2 + round % 4);
      std::vector<json> snapshots;
      for (const std::string& share : shares) snapshots.push_back(snapshot_after(fixture, config, share));
      std::shuffle(snapshots.begin(), snapshots.end(), random);

      // Left to right into a fresh model (the prior alone: the identity).
      auto merged = fixture.make(config);
      for (const json& snapshot : snapshots) merged->merge(snapshot);
      expect_same_posterior(*merged, *single);

      // Another grouping: the shares merged pairwise first, then the pairs together.
      auto grouped = fixture.make(config);
      for (std::size_t i = 0; i < snapshots.size(); i += 2) {
        auto pair = fixture.make(config);
        pair->merge(snapshots[i]);
        if (i + 1 < snapshots.size()) pair->merge(snapshots[i + 1]);
        grouped->merge(pair->snapshot());
      }
      expect_same_posterior(*grouped, *single);
    }
  }
}

TEST(BinomialGridMerge, AFreshModelIsTheIdentity) {
  ModelFixture fixture;
  const json share = snapshot_after(fixture, step_config, "wwlwlllw");
  auto model = fixture.make(step_config);
  model->restore(share);
  model->merge(fixture.make(step_config)->snapshot());
  EXPECT_EQ(model->snapshot(), share) << "merging the prior alone changes nothing, bit for bit";

  auto fresh = fixture.make(step_config);
  fresh->merge(share);
  EXPECT_EQ(fresh->snapshot(), share);
}

TEST(BinomialGridMerge, ASnapshotOfAnotherConfigIsRefusedAndChangesNothing) {
  ModelFixture fixture;
  auto model = fixture.make(step_config);
  event_engine::RejectedEvents rejected;
  model->apply(batch_of_characters("wwl"), rejected);
  const json before = model->snapshot();

  const json other_grid = snapshot_after(fixture, beta_config, "w");
  try {
    model->merge(other_grid);
    FAIL() << "a snapshot with another grid merged";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("grid_points 200"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("same config"), std::string::npos) << error.what();
  }
  const json other_prior =
      snapshot_after(fixture, json::parse(R"({"grid_points": 120, "prior": {"type": "uniform"}})"), "w");
  EXPECT_THROW(model->merge(other_prior), std::runtime_error);
  EXPECT_THROW(model->merge(json::parse(R"({"model": "poisson_gamma"})")), std::runtime_error);
  EXPECT_THROW(model->merge(json::array()), std::runtime_error);
  EXPECT_EQ(model->snapshot(), before);
}

TEST(BinomialGridMerge, CountsThatWouldOverflowAreRefused) {
  ModelFixture fixture;
  auto model = fixture.make(step_config);
  json huge = snapshot_after(fixture, step_config, "w");
  huge["l"] = std::numeric_limits<std::uint64_t>::max();
  EXPECT_THROW(model->merge(huge), std::runtime_error);
  EXPECT_EQ(model->summary(true).at("n"), 0);
}

}  // namespace
}  // namespace binomial_grid
