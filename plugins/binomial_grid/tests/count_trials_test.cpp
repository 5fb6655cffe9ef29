#include "math/count_trials.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace binomial_grid {
namespace {

event_engine::EventBatch batch_of(std::initializer_list<std::string_view> payloads) {
  event_engine::EventBatch batch;
  for (std::string_view payload : payloads) batch.add(payload);
  return batch;
}

TEST(TrialTokens, ClassifiesOneByteAndLongerTokens) {
  const TrialTokens tokens({"w", "win"}, {"l", "loss", "\xff"});
  EXPECT_EQ(tokens.classify("w"), TrialOutcome::success);
  EXPECT_EQ(tokens.classify("win"), TrialOutcome::success);
  EXPECT_EQ(tokens.classify("l"), TrialOutcome::failure);
  EXPECT_EQ(tokens.classify("loss"), TrialOutcome::failure);
  EXPECT_EQ(tokens.classify("\xff"), TrialOutcome::failure);
  EXPECT_EQ(tokens.classify_byte('w'), TrialOutcome::success);
  EXPECT_EQ(tokens.classify_byte('x'), TrialOutcome::unknown);
  for (std::string_view other : {"", "x", "W", "ww", "wi", "wins", "los", "w\n"}) {
    EXPECT_EQ(tokens.classify(other), TrialOutcome::unknown) << '"' << other << '"';
  }
}

TEST(CountTrials, CountsSuccessesAndFailuresAndReportsTheRestByIndex) {
  const TrialTokens tokens({"w", "win"}, {"l"});
  const event_engine::EventBatch batch = batch_of({"w", "l", "x", "win", "", "w", "ll", "l", "w"});
  std::vector<std::size_t> unknown;
  const TrialCounts counts =
      count_trials(batch, tokens, [&](std::size_t index) { unknown.push_back(index); });
  EXPECT_EQ(counts.successes, 4u);
  EXPECT_EQ(counts.failures, 2u);
  EXPECT_EQ(unknown, (std::vector<std::size_t>{2, 4, 6}));
}

// One-byte events only (the usual batch) are counted byte value by value; unknown bytes among them
// are still reported by index, and a token listed twice counts once.
TEST(CountTrials, ABatchOfOneByteEventsCountsTheSameAndReportsTheUnknown) {
  const TrialTokens tokens({"w", "w", "win"}, {"l", "\xff"});
  std::string many;
  for (int i = 0; i < 1000; ++i) many += (i % 3 == 0 ? 'l' : 'w');
  many += '\xff';
  event_engine::EventBatch batch;
  for (const char byte : many) batch.add(std::string_view(&byte, 1));
  std::vector<std::size_t> unknown;
  TrialCounts counts = count_trials(batch, tokens, [&](std::size_t index) { unknown.push_back(index); });
  EXPECT_EQ(counts.successes, 666u);
  EXPECT_EQ(counts.failures, 334u + 1u);
  EXPECT_TRUE(unknown.empty());

  batch.add("x");
  batch.add("w");
  counts = count_trials(batch, tokens, [&](std::size_t index) { unknown.push_back(index); });
  EXPECT_EQ(counts.successes, 667u);
  EXPECT_EQ(counts.failures, 335u);
  EXPECT_EQ(unknown, std::vector<std::size_t>{1001});
}

TEST(CountTrials, EmptyBatchCountsNothing) {
  const TrialTokens tokens({"w"}, {"l"});
  bool called = false;
  const TrialCounts counts =
      count_trials(event_engine::EventBatch{}, tokens, [&](std::size_t) { called = true; });
  EXPECT_EQ(counts.successes, 0u);
  EXPECT_EQ(counts.failures, 0u);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace binomial_grid
