// A route's accepted values in a form checked in a few instructions per event: one-byte tokens
// (the default routes' "w" and "l") in a 256-bit set, longer ones in a short list. Built
// once per request body, so a body of N one-byte events costs N bit tests and no call into memcmp.
#pragma once

#include <algorithm>
#include <array>
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
        single_byte_table_[static_cast<unsigned char>(token.front())] = true;
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

  // Whether every byte of `bytes`, each taken as a one-byte value, is accepted: a whole batch of
  // one-byte events checked with a table lookup per byte, no view built and no branch per event.
  bool contains_each_byte(std::string_view bytes) const noexcept {
    if (any_) return true;
    bool all = true;
    for (const char byte : bytes) all &= single_byte_table_[static_cast<unsigned char>(byte)];
    return all;
  }

 private:
  bool any_;
  std::bitset<256> single_bytes_;
  std::array<bool, 256> single_byte_table_{};  // the same set, a byte per entry: no shift and mask
  std::vector<std::string_view> longer_;       // views into the route's tokens, which outlive this
};

}  // namespace event_engine
