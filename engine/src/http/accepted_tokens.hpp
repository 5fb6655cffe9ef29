// A route's accepted values in a form checked in a few instructions per event: one-byte tokens
// (the default routes' "w" and "l") in a 256-bit set, longer ones compared by length first. Built
// once per request body, so a body of N events costs N lookups and no call into memcmp for each.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "config/pipeline_config.hpp"

namespace event_engine {

class AcceptedTokens {
 public:
  explicit AcceptedTokens(const IngestRoute& route) : any_(route.accept.empty()) {
    for (const std::string& token : route.accept) {
      if (token.size() == 1) {
        single_bytes_.set(static_cast<unsigned char>(token.front()));
      } else {
        longer_.emplace_back(token);
      }
    }
  }

  bool contains(std::string_view value) const noexcept {
    if (any_) return true;
    if (value.size() == 1) return single_bytes_.test(static_cast<unsigned char>(value.front()));
    for (const std::string_view token : longer_) {
      if (token.size() == value.size() && token == value) return true;
    }
    return false;
  }

 private:
  bool any_;
  std::bitset<256> single_bytes_;
  std::vector<std::string_view> longer_;  // views into the route's tokens, which outlive this
};

}  // namespace event_engine
