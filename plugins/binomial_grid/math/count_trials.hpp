// The per-event loop of the model: classify each event of a batch and count. No allocation, no
// lock, no log line per event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "event_engine/event_batch.hpp"
#include "math/trial_tokens.hpp"

namespace binomial_grid {

struct TrialCounts {
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
};

// Counts the success and failure events of `batch`; calls `on_unknown(index)` for every other one.
template <typename OnUnknown>
TrialCounts count_trials(const event_engine::EventBatch& batch, const TrialTokens& tokens,
                         OnUnknown&& on_unknown) {
  // Straight over bytes() and ends(), each event starting where the previous one ended.
  const char* const bytes = batch.bytes().data();
  const auto& ends = batch.ends();
  TrialCounts counts;
  std::uint32_t begin = 0;
  for (std::size_t index = 0; index < ends.size(); ++index) {
    const std::uint32_t end = ends[index];
    const TrialOutcome outcome = end - begin == 1
                                     ? tokens.classify_byte(bytes[begin])
                                     : tokens.classify(std::string_view(bytes + begin, end - begin));
    counts.successes += outcome == TrialOutcome::success;
    counts.failures += outcome == TrialOutcome::failure;
    if (outcome == TrialOutcome::unknown) [[unlikely]] {
      on_unknown(index);
    }
    begin = end;
  }
  return counts;
}

}  // namespace binomial_grid
