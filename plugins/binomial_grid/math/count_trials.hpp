// The per-event loop of the model: classify each event of a batch and count. No allocation, no
// lock, no log line per event.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "math/trial_tokens.hpp"

namespace binomial_grid {

struct TrialCounts {
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
};

namespace detail {

// Loops the compiler vectorises: they run over every event of a batch.
inline bool every_event_one_byte(const std::vector<std::uint32_t>& ends) noexcept {
  std::uint32_t differs = 0;
  for (std::size_t index = 0; index < ends.size(); ++index)
    differs |= ends[index] ^ static_cast<std::uint32_t>(index + 1);
  return differs == 0;
}

// How many bytes equal `value`, counted in one-byte lanes 255 bytes at a time.
inline std::uint64_t count_of_byte(std::string_view bytes, char value) noexcept {
  std::uint64_t count = 0;
  for (std::size_t start = 0; start < bytes.size(); start += 255) {
    const std::size_t end = std::min(bytes.size(), start + 255);
    unsigned char in_block = 0;
    for (std::size_t i = start; i < end; ++i) in_block += static_cast<unsigned char>(bytes[i] == value);
    count += in_block;
  }
  return count;
}

}  // namespace detail

// Counts the success and failure events of `batch`; calls `on_unknown(index)` for every other one.
template <typename OnUnknown>
TrialCounts count_trials(const event_engine::EventBatch& batch, const TrialTokens& tokens,
                         OnUnknown&& on_unknown) {
  // The usual batch holds one-byte events only: then the bytes of each one-byte token are counted
  // over bytes(), with no work per event. If some are neither, the loop below finds them.
  if (detail::every_event_one_byte(batch.ends())) {
    TrialCounts counts;
    for (const char token : tokens.one_byte_successes())
      counts.successes += detail::count_of_byte(batch.bytes(), token);
    for (const char token : tokens.one_byte_failures())
      counts.failures += detail::count_of_byte(batch.bytes(), token);
    if (counts.successes + counts.failures == batch.size()) return counts;
  }
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
