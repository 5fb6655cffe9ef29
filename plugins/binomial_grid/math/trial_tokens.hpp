// Tells success tokens from failure tokens and anything else, for one event payload.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace binomial_grid {

enum class TrialOutcome : std::uint8_t { success, failure, unknown };

class TrialTokens {
 public:
  // Tokens are non-empty, and none is both a success and a failure.
  TrialTokens(const std::vector<std::string>& success_tokens, const std::vector<std::string>& failure_tokens);

  // One-byte payloads, the common case, cost one table lookup; longer ones a few comparisons.
  TrialOutcome classify(std::string_view payload) const noexcept {
    if (payload.size() == 1) return classify_byte(payload.front());
    return classify_long(payload);
  }

  TrialOutcome classify_byte(char byte) const noexcept { return by_byte_[static_cast<unsigned char>(byte)]; }

  // The one-byte tokens, each once, for counting a batch of one-byte events byte value by value.
  std::string_view one_byte_successes() const noexcept { return one_byte_successes_; }
  std::string_view one_byte_failures() const noexcept { return one_byte_failures_; }

 private:
  TrialOutcome classify_long(std::string_view payload) const noexcept;

  std::array<TrialOutcome, 256> by_byte_;
  std::string one_byte_successes_;
  std::string one_byte_failures_;
  std::vector<std::string> long_success_tokens_;
  std::vector<std::string> long_failure_tokens_;
};

}  // namespace binomial_grid
