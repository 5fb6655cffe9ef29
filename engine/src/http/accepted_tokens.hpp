// A route's accepted values in a form checked in a few instructions per event: one-byte tokens
// (the default routes' "w" and "l") in a 256-bit set, longer ones in a short list. Built
// once per request body, so a body of N one-byte events costs N bit tests and no call into memcmp.
#pragma once

#include <algorithm>
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
    return std::find(longer_.begin(), longer_.end(), value) != longer_.end();
  }

 private:
  bool any_;
  std::bitset<256> single_bytes_;
  std::vector<std::string_view> longer_;  // views into the route's tokens, which outlive this
};

}  // namespace event_engine
