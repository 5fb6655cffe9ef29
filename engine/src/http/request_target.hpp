// Splits a request target ("/model/predict?trials=10&draws=5") into its percent-decoded path and
// query parameters. Bounded: at most `max_parameters` parameters are kept, and a target that
// cannot be decoded (a bad %XX, a NUL) is refused rather than guessed at.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "event_engine/model.hpp"

namespace event_engine {

struct RequestTarget {
  std::string path;
  QueryParameters query;
};

inline constexpr std::size_t max_query_parameters = 64;

// nullopt: the target is not a decodable origin-form target (it must start with '/').
std::optional<RequestTarget> parse_request_target(std::string_view target);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); nullopt for a malformed escape
// or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace event_engine
