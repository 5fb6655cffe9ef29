// binomial_grid keyed with forgetting: each key's posterior is the Beta prior updated with the
// discounted counts of the closed form, follows a rate that moved, does not depend on batching,
// discounts by the batches' send times, restarts exactly, and is refused where it cannot work.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "keyed_trials.hpp"
#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

using nlohmann::json;

constexpr double beta_a = 2;
constexpr double beta_b = 3;
constexpr std::size_t grid_points = 201;

json forgetting_config(const json& forgetting) {
  return {{"grid_points", grid_points},
          {"prior", {{"type", "beta"}, {"a", beta_a}, {"b", beta_b}}},
          {"forgetting", forgetting}};
}

// Applies trials [begin, end) as one batch, stamped with `sent_at_unix_ns` unless 0.
void apply_batch(event_engine::Model& model, const std::vector<Trial>& trials, std::size_t begin,
                 std::size_t end, std::uint32_t keys, std::uint64_t sent_at_unix_ns = 0) {
  event_engine::EventBatch values;
  std::vector<std::uint32_t> slots;
  for (std::size_t i = begin; i < end; ++i) {
    values.add(std::string_view(&trials[i].outcome, 1));
    slots.push_back(trials[i].slot);
  }
  values.note_sent_at(sent_at_unix_ns);
  event_engine::RejectedEvents rejected;
  ASSERT_EQ(model.apply_keyed(values, slots, keys, rejected).accepted, end - begin);
}

std::unique_ptr<event_engine::Model> keyed_model(const ModelFixture& fixture, const json& config) {
  auto model = fixture.make(config);
  EXPECT_TRUE(model->use_keys());
  return model;
}

// Beta(a, b) at the grid's points, normalised to sum to one, in long double.
std::vector<long double> beta_on_grid(long double a, long double b) {
  std::vector<long double> log_density(grid_points);
  long double most = -INFINITY;
  for (std::size_t i = 0; i < grid_points; ++i) {
    const long double p = static_cast<long double>(i) / (grid_points - 1);
    log_density[i] = (p == 0 || p == 1) ? -INFINITY : (a - 1) * std::log(p) + (b - 1) * std::log1p(-p);
    most = std::max(most, log_density[i]);
  }
  long double total = 0;
  for (long double& value : log_density) total += value = std::exp(value - most);
  for (long double& value : log_density) value /= total;
  return log_density;
}

TEST(BinomialGridForgetting, EachKeyIsTheBetaPriorUpdatedWithTheDiscountedCounts) {
  constexpr double half_life = 150;
  ModelFixture fixture;
  auto model = keyed_model(fixture, forgetting_config({{"half_life_events", half_life}}));
  std::mt19937 random(17);
  const std::vector<Trial> trials = random_trials(4000, 3, random);
  std::uniform_int_distribution<std::size_t> batch_size(1, 40);
  for (std::size_t begin = 0; begin < trials.size();) {
    const std::size_t end = std::min(trials.size(), begin + batch_size(random));
    apply_batch(*model, trials, begin, end, 3);
    begin = end;
  }

  // W = sum over the key's events i of g^(n - i) s_i, computed here in long double.
  const long double discount = std::exp2(-1.0L / half_life);
  double largest_error = 0;
  for (std::uint32_t slot = 0; slot < 3; ++slot) {
    long double w = 0;
    long double l = 0;
    std::uint64_t n = 0;
    for (const Trial& trial : trials) {
      if (trial.slot != slot) continue;
      w = discount * w + (trial.outcome == 'w');
      l = discount * l + (trial.outcome == 'l');
      ++n;
    }
    const json summary = model->summary_of(slot, false);
    EXPECT_NEAR(summary["w"].get<double>(), static_cast<double>(w), 1e-11);
    EXPECT_NEAR(summary["l"].get<double>(), static_cast<double>(l), 1e-11);
    EXPECT_EQ(summary["n"], n);
    EXPECT_EQ(model->events_of(slot), n);
    EXPECT_LE(summary["effective_sample_size"].get<double>(), 1.0 / (1.0 - std::exp2(-1.0 / half_life)));
    EXPECT_EQ(summary["forgetting"], json({{"half_life_events", half_life}}));

    const std::vector<long double> expected = beta_on_grid(beta_a + w, beta_b + l);
    const json& posterior = summary["posterior"];
    ASSERT_EQ(posterior.size(), grid_points);
    for (std::size_t i = 0; i < grid_points; ++i) {
      const double error = std::abs(posterior[i].get<double>() - static_cast<double>(expected[i]));
      largest_error = std::max(largest_error, error);
      EXPECT_NEAR(posterior[i].get<double>(), static_cast<double>(expected[i]), 1e-12) << "slot " << slot;
    }
  }
  std::printf("largest error against the closed form: %.3g\n", largest_error);
}

TEST(BinomialGridForgetting, ThePosteriorFollowsARateThatMoved) {
  // p = 0.3 for 20,000 events, then 0.6: three half-lives (1,500 events) after the change, the
  // forgetting posterior's mean is near 0.6, the unforgetting one's still near the old rate.
  const auto mean_after_the_change = [](const json& config) {
    ModelFixture fixture;
    auto model = keyed_model(fixture, config);
    std::mt19937 random(2024);
    std::bernoulli_distribution before(0.3);
    std::bernoulli_distribution after(0.6);
    std::vector<Trial> trials;
    for (int i = 0; i < 20000; ++i) trials.push_back({0, before(random) ? 'w' : 'l'});
    for (int i = 0; i < 1500; ++i) trials.push_back({0, after(random) ? 'w' : 'l'});
    for (std::size_t begin = 0; begin < trials.size(); begin += 100)
      apply_batch(*model, trials, begin, begin + 100, 1);
    return model->summary_of(0, true)["mean"].get<double>();
  };
  const json uniform = {{"grid_points", 1001}, {"prior", {{"type", "uniform"}}}};
  json forgetting = uniform;
  forgetting["forgetting"] = {{"half_life_events", 500}};
  const double forgetting_mean = mean_after_the_change(forgetting);
  const double unforgetting_mean = mean_after_the_change(uniform);
  std::printf("mean 1,500 events after the change: %.4f forgetting, %.4f without\n", forgetting_mean,
              unforgetting_mean);
  EXPECT_NEAR(forgetting_mean, 0.6, 0.05);
  EXPECT_GT(std::abs(unforgetting_mean - 0.6), 0.05);
}

TEST(BinomialGridForgetting, AnyBatchingGivesTheSameState) {
  ModelFixture fixture;
  std::mt19937 random(31);
  constexpr std::uint32_t keys = 7;
  const std::vector<Trial> trials = random_trials(5000, keys, random);
  for (const json& forgetting : {json{{"half_life_events", 40}}, json{{"half_life_seconds", 2.5}}}) {
    SCOPED_TRACE(forgetting.dump());
    auto one_by_one = keyed_model(fixture, forgetting_config(forgetting));
    auto batched = keyed_model(fixture, forgetting_config(forgetting));
    // By the clock an event takes its batch's time: the events of each random batch go one per
    // batch to the other model, each stamped with the time of the batch it came from.
    std::uint64_t sent_at = 1'700'000'000'000'000'000;
    std::uniform_int_distribution<std::size_t> batch_size(1, 60);
    std::uniform_int_distribution<std::uint64_t> gap_ns(0, 3'000'000'000);
    for (std::size_t begin = 0; begin < trials.size();) {
      const std::size_t end = std::min(trials.size(), begin + batch_size(random));
      sent_at += gap_ns(random);
      apply_batch(*batched, trials, begin, end, keys, sent_at);
      for (std::size_t i = begin; i < end; ++i) apply_batch(*one_by_one, trials, i, i + 1, keys, sent_at);
      begin = end;
    }
    EXPECT_EQ(one_by_one->snapshot(), batched->snapshot());
    EXPECT_EQ(one_by_one->summary_of(3, false), batched->summary_of(3, false));
  }
}

TEST(BinomialGridForgetting, ByTheClockCountsHalveOverAHalfLifeWithoutEvents) {
  constexpr double half_life_seconds = 60;
  constexpr std::uint64_t second = 1'000'000'000;
  constexpr std::uint64_t start = 1'750'000'000 * second;
  ModelFixture fixture;
  auto model = keyed_model(fixture, forgetting_config({{"half_life_seconds", half_life_seconds}}));
  const auto apply_at = [&](std::string_view outcomes, std::uint32_t slot, std::uint64_t unix_ns) {
    event_engine::EventBatch values = batch_of_characters(outcomes);
    values.note_sent_at(unix_ns);
    event_engine::RejectedEvents rejected;
    model->apply_keyed(values, std::vector<std::uint32_t>(outcomes.size(), slot), 2, rejected);
  };
  const auto counts_of = [&](std::uint32_t slot) {
    const json summary = model->summary_of(slot, true);
    return std::pair{summary["w"].get<double>(), summary["l"].get<double>()};
  };
  // Events of one batch share its time: nothing is discounted between them.
  apply_at("wwwl", 0, start);
  EXPECT_EQ(counts_of(0), std::pair(3.0, 1.0));
  // Another key's events, meanwhile, leave key 0 alone.
  apply_at("wl", 1, start + 30 * second);
  // One half-life without events: W and L halve before the next event adds to them.
  apply_at("l", 0, start + 60 * second);
  EXPECT_EQ(counts_of(0), std::pair(1.5, 1.5));
  // 2.5 half-lives: the factor 2^-2.5.
  apply_at("w", 0, start + 210 * second);
  const double factor = std::exp2(-2.5);
  EXPECT_NEAR(counts_of(0).first, 1.5 * factor + 1, 1e-15);
  EXPECT_NEAR(counts_of(0).second, 1.5 * factor, 1e-15);
  // A batch sent before the key's last update (out of order) discounts nothing.
  const auto [w, l] = counts_of(0);
  apply_at("l", 0, start + 100 * second);
  EXPECT_EQ(counts_of(0), std::pair(w, l + 1));
  EXPECT_EQ(model->summary_of(0, true)["n"], 7);
  EXPECT_EQ(model->summary_of(1, true)["w"], 1.0);
}

TEST(BinomialGridForgetting, ARestartContinuesExactly) {
  ModelFixture fixture;
  std::mt19937 random(41);
  constexpr std::uint32_t keys = 1500;  // two chunks of the table
  const std::vector<Trial> trials = random_trials(30000, keys, random);
  for (const json& forgetting : {json{{"half_life_events", 33.3}}, json{{"half_life_seconds", 0.7}}}) {
    SCOPED_TRACE(forgetting.dump());
    auto running = keyed_model(fixture, forgetting_config(forgetting));
    std::uint64_t sent_at = 1'700'000'000'000'000'000;
    for (std::size_t begin = 0; begin < 20000; begin += 500, sent_at += 123'456'789)
      apply_batch(*running, trials, begin, begin + 500, keys, sent_at);
    const json saved = running->snapshot();
    auto restarted = keyed_model(fixture, forgetting_config(forgetting));
    restarted->restore(json::parse(saved.dump()));
    EXPECT_EQ(restarted->snapshot(), saved);
    for (std::size_t begin = 20000; begin < trials.size(); begin += 500, sent_at += 987'654'321) {
      apply_batch(*running, trials, begin, begin + 500, keys, sent_at);
      apply_batch(*restarted, trials, begin, begin + 500, keys, sent_at);
    }
    EXPECT_EQ(restarted->snapshot().dump(), running->snapshot().dump());
    EXPECT_EQ(restarted->summary(true), running->summary(true));
    EXPECT_EQ(running->summary(true)["n"], trials.size());

    // The same table without forgetting, or with other settings, is refused and changes nothing.
    for (const json& other :
         {json(nullptr), json{{"half_life_events", 34}}, json{{"half_life_seconds", 1}}}) {
      if (other == forgetting) continue;
      auto differently = keyed_model(fixture, forgetting_config(other));
      const json before = differently->snapshot();
      try {
        differently->restore(saved);
        ADD_FAILURE() << "restored a snapshot taken with other forgetting settings: " << other.dump();
      } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("taken with forgetting"), std::string::npos) << error.what();
      }
      EXPECT_EQ(differently->snapshot(), before);
      EXPECT_THROW(running->restore(differently->snapshot()), std::runtime_error);
    }
  }
}

TEST(BinomialGridForgetting, KeepingSlotsKeepsTheirDiscountedCounts) {
  ModelFixture fixture;
  std::mt19937 random(43);
  constexpr std::uint32_t keys = 2100;
  const std::vector<Trial> trials = random_trials(12000, keys, random);
  auto model = keyed_model(fixture, forgetting_config({{"half_life_seconds", 5}}));
  for (std::size_t begin = 0; begin < trials.size(); begin += 1000)
    apply_batch(*model, trials, begin, begin + 1000, keys, 1'700'000'000'000'000'000 + begin * 1'000'000);
  const std::unique_ptr<event_engine::Model> before = model->clone();
  std::vector<std::uint32_t> kept;
  for (std::uint32_t slot = 0; slot < keys; ++slot)
    if (slot % 4 != 2) kept.push_back(slot);
  model->keep_slots(kept);
  std::uint64_t n = 0;
  for (std::uint32_t slot = 0; slot < kept.size(); ++slot) {
    EXPECT_EQ(model->summary_of(slot, true), before->summary_of(kept[slot], true)) << slot;
    n += before->events_of(kept[slot]);
  }
  EXPECT_EQ(model->summary(true)["keys"], kept.size());
  EXPECT_EQ(model->summary(true)["n"], n);
  // A kept key's clock goes on from its own last update.
  const std::vector<Trial> more{{0, 'w'}};
  apply_batch(*model, more, 0, 1, static_cast<std::uint32_t>(kept.size()), 1'800'000'000'000'000'000);
  apply_batch(*before, more, 0, 1, keys, 1'800'000'000'000'000'000);
  EXPECT_EQ(model->summary_of(0, true), before->summary_of(0, true));
}

TEST(BinomialGridForgetting, DoesNotMerge) {
  ModelFixture fixture;
  auto model = keyed_model(fixture, forgetting_config({{"half_life_events", 10}}));
  EXPECT_FALSE(model->mergeable());
  EXPECT_TRUE(fixture.make(forgetting_config(nullptr))->mergeable());
  apply_batch(*model, {{0, 'w'}}, 0, 1, 1);
  const json before = model->snapshot();
  EXPECT_THROW(model->merge_keyed(model->snapshot(), {0}, 1), std::runtime_error);
  EXPECT_EQ(model->snapshot(), before);
}

TEST(BinomialGridForgetting, AnUnkeyedPipelineHasEveryEventRefused) {
  ModelFixture fixture;
  auto model = fixture.make(forgetting_config({{"half_life_events", 10}}));
  const json before = model->snapshot();
  event_engine::RejectedEvents rejected;
  const event_engine::ApplyResult result = model->apply(batch_of_characters("wlwx"), rejected);
  EXPECT_EQ(result.accepted, 0u);
  EXPECT_EQ(result.rejected, 4u);
  ASSERT_EQ(rejected.size(), 4u);
  for (std::uint32_t index = 0; index < 4; ++index) {
    EXPECT_EQ(rejected.items()[index].index, index);
    EXPECT_STREQ(rejected.items()[index].reason, "forgetting needs process.keys");
  }
  EXPECT_EQ(model->snapshot(), before);
}

TEST(BinomialGridForgetting, QueriesOverKeysReadTheDiscountedPosteriorsAndTheEventsSeen) {
  ModelFixture fixture;
  auto model = keyed_model(fixture, forgetting_config({{"half_life_events", 20}}));
  // Key 0: 200 failures then 60 successes; key 1: 100 events at 50%.
  std::vector<Trial> trials;
  for (int i = 0; i < 200; ++i) trials.push_back({0, 'l'});
  for (int i = 0; i < 60; ++i) trials.push_back({0, 'w'});
  for (int i = 0; i < 100; ++i) trials.push_back({1, i % 2 ? 'w' : 'l'});
  apply_batch(*model, trials, 0, trials.size(), 2);
  const std::vector<event_engine::NamedSlot> keys{{"a", 0}, {"b", 1}};
  const json compare = model->query_keys("compare", keys, {});
  // Forgetting has left key 0 almost only its recent successes: it beats key 1, which without
  // forgetting (60 of 260) it would not.
  EXPECT_LT(compare["p_b_beats_a"].get<double>(), 0.05);
  EXPECT_EQ(compare["a"]["n"], 260);
  EXPECT_EQ(compare["a"]["w"], model->summary_of(0, true)["w"]);
  EXPECT_EQ(compare["a"]["mean"], model->summary_of(0, true)["mean"]);
  const json best = model->query_keys("best", keys, {});
  EXPECT_GT(best["keys"][0]["p_best"].get<double>(), 0.95);
  const json srm = model->query_keys("srm", keys, {});
  EXPECT_EQ(srm["keys"][0]["n"], 260);
  EXPECT_EQ(srm["keys"][1]["n"], 100);
}

}  // namespace
}  // namespace binomial_grid
