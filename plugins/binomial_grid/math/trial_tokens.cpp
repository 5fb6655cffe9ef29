#include "math/trial_tokens.hpp"

#include <algorithm>

namespace binomial_grid {

TrialTokens::TrialTokens(const std::vector<std::string>& success_tokens,
                         const std::vector<std::string>& failure_tokens) {
  by_byte_.fill(TrialOutcome::unknown);
  auto add = [this](const std::vector<std::string>& tokens, TrialOutcome outcome,
                    std::vector<std::string>& long_tokens) {
    for (const std::string& token : tokens) {
      if (token.size() == 1) {
        by_byte_[static_cast<unsigned char>(token.front())] = outcome;
      } else {
        long_tokens.push_back(token);
      }
    }
  };
  add(success_tokens, TrialOutcome::success, long_success_tokens_);
  add(failure_tokens, TrialOutcome::failure, long_failure_tokens_);
  for (unsigned byte = 0; byte < by_byte_.size(); ++byte) {
    if (by_byte_[byte] == TrialOutcome::success) one_byte_successes_.push_back(static_cast<char>(byte));
    if (by_byte_[byte] == TrialOutcome::failure) one_byte_failures_.push_back(static_cast<char>(byte));
  }
}

TrialOutcome TrialTokens::classify_long(std::string_view payload) const noexcept {
  auto is_payload = [payload](const std::string& token) { return token == payload; };
  if (std::any_of(long_success_tokens_.begin(), long_success_tokens_.end(), is_payload)) {
    return TrialOutcome::success;
  }
  if (std::any_of(long_failure_tokens_.begin(), long_failure_tokens_.end(), is_payload)) {
    return TrialOutcome::failure;
  }
  return TrialOutcome::unknown;
}

}  // namespace binomial_grid
