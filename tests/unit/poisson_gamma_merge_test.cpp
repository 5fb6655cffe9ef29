// The plugin template's Poisson-Gamma model merges: shares of the same counts, merged in any order
// and grouping, give the posterior of one model that applied them all (examples/plugin_template).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "poisson_gamma_model.hpp"

namespace {

using nlohmann::json;

const json config = json::parse(R"({"prior_shape": 2.5, "prior_rate": 0.5})");

std::unique_ptr<event_engine::Model> make_model() {
  return poisson_gamma::create(event_engine::ConfigReader(config, "/process/model/config"),
                               event_engine::PluginContext{});
}

event_engine::EventBatch batch_of(const std::vector<std::uint64_t>& counts) {
  event_engine::EventBatch batch;
  for (std::uint64_t count : counts) batch.add(std::to_string(count));
  return batch;
}

void expect_same_posterior(const event_engine::Model& merged, const event_engine::Model& single) {
  const json got = merged.summary(false);
  const json want = single.summary(false);
  EXPECT_EQ(got.at("n"), want.at("n"));
  EXPECT_EQ(got.at("sum"), want.at("sum"));
  for (const char* key : {"shape", "rate", "mean", "sd"}) {
    EXPECT_NEAR(got.at(key).get<double>(), want.at(key).get<double>(), 1e-12) << key;
  }
}

TEST(PoissonGammaMerge, RandomSplitsMergedInAnyOrderEqualTheSingleModel) {
  std::mt19937_64 random(13);
  std::poisson_distribution<std::uint64_t> arrivals(4.2);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::uint64_t> counts(500 + static_cast<std::size_t>(round) * 11);
    for (std::uint64_t& count : counts) count = arrivals(random);
    auto single = make_model();
    event_engine::RejectedEvents rejected;
    single->apply(batch_of(counts), rejected);

    std::vector<json> snapshots;
    std::size_t begin = 0;
    std::uniform_int_distribution<std::size_t> share_size(0, counts.size() / 2);
    while (begin < counts.size()) {
      const std::size_t end = std::min(counts.size(), begin + share_size(random));
      auto share = make_model();
      share->apply(batch_of({counts.begin() + static_cast<std::ptrdiff_t>(begin),
                             counts.begin() + static_cast<std::ptrdiff_t>(end)}),
                   rejected);
      snapshots.push_back(share->snapshot());
      begin = end;
    }
    std::shuffle(snapshots.begin(), snapshots.end(), random);

    auto merged = make_model();
    ASSERT_TRUE(merged->mergeable());
    for (const json& snapshot : snapshots) merged->merge(snapshot);
    expect_same_posterior(*merged, *single);

    auto grouped = make_model();
    for (std::size_t i = 0; i < snapshots.size(); i += 2) {
      auto pair = make_model();
      pair->merge(snapshots[i]);
      if (i + 1 < snapshots.size()) pair->merge(snapshots[i + 1]);
      grouped->merge(pair->snapshot());
    }
    expect_same_posterior(*grouped, *single);
  }
}

TEST(PoissonGammaMerge, AFreshModelIsTheIdentityAndABadSnapshotChangesNothing) {
  auto model = make_model();
  event_engine::RejectedEvents rejected;
  model->apply(batch_of({3, 5, 4}), rejected);
  const json before = model->snapshot();
  model->merge(make_model()->snapshot());
  EXPECT_EQ(model->snapshot(), before);

  EXPECT_THROW(model->merge(json::parse(R"({"n": 1})")), std::runtime_error);
  EXPECT_THROW(model->merge(json::parse(R"({"n": -1, "sum": 2})")), std::runtime_error);
  EXPECT_THROW(model->merge(json{{"n", 1}, {"sum", UINT64_MAX}}), std::runtime_error);
  EXPECT_EQ(model->snapshot(), before);
}

}  // namespace
