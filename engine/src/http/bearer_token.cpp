#include "http/bearer_token.hpp"

#include <cctype>

namespace event_engine {
namespace {

bool starts_with_bearer(std::string_view value) {
  constexpr std::string_view scheme = "bearer ";
  if (value.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return false;
  }
  return true;
}

}  // namespace

bool BearerToken::authorises(std::string_view authorization) const noexcept {
  if (!token_) return true;
  if (!starts_with_bearer(authorization)) return false;
  std::string_view given = authorization.substr(7);
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  const std::string& expected = *token_;
  // Every byte of the expected token is compared whatever the given one holds; only the length
  // is told apart early, which says nothing of the token's bytes.
  unsigned difference = given.size() == expected.size() ? 0U : 1U;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference |= g ^ static_cast<unsigned char>(expected[i]);
  }
  return difference == 0;
}

}  // namespace event_engine
