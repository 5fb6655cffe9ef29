// binomial_grid keyed: each key's state is what the unkeyed model holds over that key's trials
// alone, in any batching and order across keys; clones keep the state they were made from; a
// snapshot restores every key.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "keyed_trials.hpp"
#include "model_fixture.hpp"

namespace binomial_grid {
namespace {

const nlohmann::json config = {{"grid_points", 120}, {"prior", {{"type", "beta"}, {"a", 2}, {"b", 3}}}};

// Applies `trials` in batches of random sizes, as a keyed pipeline would.
void apply_in_random_batches(event_engine::Model& model, const std::vector<Trial>& trials, std::uint32_t keys,
                             std::mt19937& random) {
  std::uniform_int_distribution<std::size_t> batch_size(1, 50);
  for (std::size_t begin = 0; begin < trials.size();) {
    const std::size_t end = std::min(trials.size(), begin + batch_size(random));
    event_engine::EventBatch values;
    std::vector<std::uint32_t> slots;
    for (std::size_t i = begin; i < end; ++i) {
      values.add(std::string_view(&trials[i].outcome, 1));
      slots.push_back(trials[i].slot);
    }
    event_engine::RejectedEvents rejected;
    const event_engine::ApplyResult result = model.apply_keyed(values, slots, keys, rejected);
    ASSERT_EQ(result.accepted, end - begin);
    begin = end;
  }
}

TEST(BinomialGridKeyed, EachKeyIsTheUnkeyedModelOverItsTrialsAlone) {
  ModelFixture fixture;
  std::mt19937 random(7);
  constexpr std::uint32_t keys = 25;
  const std::vector<Trial> trials = random_trials(5000, keys, random);
  auto keyed = fixture.make(config);
  ASSERT_TRUE(keyed->use_keys());
  apply_in_random_batches(*keyed, trials, keys, random);

  for (std::uint32_t slot = 0; slot < keys; ++slot) {
    auto unkeyed = fixture.make(config);
    std::string own;
    for (const Trial& trial : trials)
      if (trial.slot == slot) own += trial.outcome;
    // The unkeyed model one trial per batch, the farthest batching from the keyed table's.
    for (char outcome : own) {
      event_engine::RejectedEvents rejected;
      unkeyed->apply(batch_of_characters(std::string_view(&outcome, 1)), rejected);
    }
    const nlohmann::json expected = unkeyed->summary(false);
    const nlohmann::json actual = keyed->summary_of(slot, false);
    EXPECT_EQ(actual["w"], expected["w"]) << "slot " << slot;
    EXPECT_EQ(actual["l"], expected["l"]) << "slot " << slot;
    EXPECT_EQ(keyed->events_of(slot), own.size());
    EXPECT_NEAR(actual["mean"].get<double>(), expected["mean"].get<double>(), 1e-12) << "slot " << slot;
    EXPECT_NEAR(actual["sd"].get<double>(), expected["sd"].get<double>(), 1e-12) << "slot " << slot;
    const auto& expected_posterior = expected["posterior"];
    const auto& actual_posterior = actual["posterior"];
    ASSERT_EQ(actual_posterior.size(), expected_posterior.size());
    for (std::size_t i = 0; i < expected_posterior.size(); ++i) {
      EXPECT_NEAR(actual_posterior[i].get<double>(), expected_posterior[i].get<double>(), 1e-12);
    }
  }
}

TEST(BinomialGridKeyed, AnyOrderAcrossKeysGivesTheSameCounts) {
  ModelFixture fixture;
  std::mt19937 random(11);
  constexpr std::uint32_t keys = 10;
  std::vector<Trial> trials = random_trials(2000, keys, random);
  auto in_order = fixture.make(config);
  in_order->use_keys();
  apply_in_random_batches(*in_order, trials, keys, random);
  std::shuffle(trials.begin(), trials.end(), random);
  auto shuffled = fixture.make(config);
  shuffled->use_keys();
  apply_in_random_batches(*shuffled, trials, keys, random);
  EXPECT_EQ(in_order->snapshot(), shuffled->snapshot());
}

TEST(BinomialGridKeyed, AClonesStateDoesNotMoveWhenTheModelAppliesMore) {
  ModelFixture fixture;
  auto model = fixture.make(config);
  model->use_keys();
  event_engine::RejectedEvents rejected;
  // 3000 keys: the table spans several chunks, of which the second batch writes to one.
  std::vector<std::uint32_t> slots;
  event_engine::EventBatch values;
  for (std::uint32_t slot = 0; slot < 3000; ++slot) {
    values.add("w");
    slots.push_back(slot);
  }
  model->apply_keyed(values, slots, 3000, rejected);
  const std::unique_ptr<event_engine::Model> clone = model->clone();
  model->apply_keyed(batch_of_characters("lll"), {2500, 2500, 7}, 3000, rejected);
  EXPECT_EQ(clone->summary_of(2500, true)["n"], 1);
  EXPECT_EQ(clone->summary_of(7, true)["n"], 1);
  EXPECT_EQ(model->summary_of(2500, true)["n"], 3);
  EXPECT_EQ(model->summary_of(7, true)["n"], 2);
  EXPECT_EQ(model->summary_of(8, true)["n"], 1);
}

TEST(BinomialGridKeyed, RejectsUnknownValuesByTheirIndexAndAppliesTheRest) {
  ModelFixture fixture;
  auto model = fixture.make(config);
  model->use_keys();
  event_engine::RejectedEvents rejected;
  event_engine::EventBatch values;
  for (const char* value : {"w", "maybe", "l", ""}) values.add(value);
  const auto result = model->apply_keyed(values, {0, 0, 1, 1}, 2, rejected);
  EXPECT_EQ(result.accepted, 2u);
  EXPECT_EQ(result.rejected, 2u);
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected.items()[0].index, 1u);
  EXPECT_EQ(rejected.items()[1].index, 3u);
}

TEST(BinomialGridKeyed, ASnapshotRestoresEveryKeyAndRefusesAnUnkeyedOne) {
  ModelFixture fixture;
  std::mt19937 random(3);
  const std::vector<Trial> trials = random_trials(1000, 40, random);
  auto model = fixture.make(config);
  model->use_keys();
  apply_in_random_batches(*model, trials, 40, random);
  auto restored = fixture.make(config);
  restored->use_keys();
  restored->restore(model->snapshot());
  for (std::uint32_t slot = 0; slot < 40; ++slot)
    EXPECT_EQ(restored->summary_of(slot, false), model->summary_of(slot, false));
  EXPECT_EQ(restored->summary(true), model->summary(true));

  auto unkeyed = fixture.make(config);
  EXPECT_THROW(restored->restore(unkeyed->snapshot()), std::runtime_error);
}

// Two engines' tables, each numbering its own keys, merge per key through the engine's slot map:
// the merged state of each key is the model over both shares of that key's trials.
TEST(BinomialGridKeyed, MergingPerKeyGivesTheModelOverBothSharesOfEachKey) {
  ModelFixture fixture;
  std::mt19937 random(5);
  constexpr std::uint32_t keys = 12;
  const std::vector<Trial> trials = random_trials(3000, keys, random);
  const std::vector<Trial> first(trials.begin(), trials.begin() + 1700);
  std::vector<Trial> second(trials.begin() + 1700, trials.end());
  // The second engine numbers the keys in reverse and saw only the even ones.
  std::erase_if(second, [](const Trial& trial) { return trial.slot % 2 == 1; });
  for (Trial& trial : second) trial.slot = (keys - 1 - trial.slot) / 2;
  std::vector<std::uint32_t> second_to_merged;
  for (std::uint32_t slot = 0; slot < keys / 2; ++slot) second_to_merged.push_back(keys - 1 - 2 * slot - 1);

  auto one = fixture.make(config);
  one->use_keys();
  apply_in_random_batches(*one, first, keys, random);
  auto two = fixture.make(config);
  two->use_keys();
  apply_in_random_batches(*two, second, keys / 2, random);

  auto merged = fixture.make(config);
  merged->use_keys();
  std::vector<std::uint32_t> identity(keys);
  for (std::uint32_t slot = 0; slot < keys; ++slot) identity[slot] = slot;
  merged->merge_keyed(one->snapshot(), identity, keys);
  merged->merge_keyed(two->snapshot(), second_to_merged, keys);

  auto all_at_once = fixture.make(config);
  all_at_once->use_keys();
  std::vector<Trial> both = first;
  for (const Trial& trial : second) both.push_back({second_to_merged[trial.slot], trial.outcome});
  apply_in_random_batches(*all_at_once, both, keys, random);
  EXPECT_EQ(merged->snapshot(), all_at_once->snapshot());
  EXPECT_EQ(merged->summary(true), all_at_once->summary(true));

  // A snapshot with another slot count than the map, or a slot beyond the table, changes nothing.
  const nlohmann::json before = merged->snapshot();
  EXPECT_THROW(merged->merge_keyed(one->snapshot(), second_to_merged, keys), std::runtime_error);
  EXPECT_THROW(merged->merge_keyed(two->snapshot(), second_to_merged, 3), std::runtime_error);
  EXPECT_EQ(merged->snapshot(), before);
}

TEST(BinomialGridKeyed, KeepingSlotsDropsTheOthersAndRenumbersTheRest) {
  ModelFixture fixture;
  std::mt19937 random(9);
  constexpr std::uint32_t keys = 3000;  // several chunks of the table
  const std::vector<Trial> trials = random_trials(20000, keys, random);
  auto model = fixture.make(config);
  model->use_keys();
  apply_in_random_batches(*model, trials, keys, random);
  const std::unique_ptr<event_engine::Model> before = model->clone();
  std::vector<std::uint32_t> kept;
  for (std::uint32_t slot = 0; slot < keys; ++slot)
    if (slot % 3 != 1) kept.push_back(slot);
  model->keep_slots(kept);

  std::uint64_t n = 0;
  for (std::uint32_t slot = 0; slot < kept.size(); ++slot) {
    EXPECT_EQ(model->summary_of(slot, true), before->summary_of(kept[slot], true)) << slot;
    n += before->events_of(kept[slot]);
  }
  EXPECT_EQ(model->summary(true)["keys"], kept.size());
  EXPECT_EQ(model->summary(true)["n"], n);
  // The clone taken before keeps every key.
  EXPECT_EQ(before->summary(true)["keys"], keys);
  EXPECT_EQ(before->summary(true)["n"], trials.size());
}

}  // namespace
}  // namespace binomial_grid
