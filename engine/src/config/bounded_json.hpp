// Parses JSON text into a document within JsonLimits: nesting depth, string and key sizes and
// the number of values are checked while parsing, a key given twice and a number that fits
// nothing are refused, and nothing recursive runs on the input. nlohmann's DOM parser would
// accept all of these (the last of two keys winning, an overflowing number thrown as an
// exception that is not a parse_error) and leave the depth to recursive code afterwards.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "config/config_limits.hpp"

namespace event_engine {

struct JsonFault {
  enum class Kind {
    syntax,    // not JSON at all
    too_deep,  // nested deeper than max_depth
    refused,   // JSON, but beyond another limit, a key given twice or a number that fits nothing
  };
  Kind kind = Kind::syntax;
  std::optional<std::size_t> byte_offset;  // where in the text, when the parser knows
  std::string json_path;                   // JSON pointer inside the parsed value, when known
  std::string reason;                      // short: values in it are cut
};

struct BoundedJson {
  nlohmann::json value;  // null when `fault` is set
  std::optional<JsonFault> fault;
};

BoundedJson parse_bounded_json(std::string_view text, const JsonLimits& limits);

// `bytes` as text any terminal shows as it is: bytes outside printable ASCII become \xNN. For
// quoting input that may be binary (a token of garbage, a command-line argument).
std::string printable_bytes(std::string_view bytes);

// True when `text` holds a byte below U+0020 or DEL. Keys are refused with one: every error that
// names a key would otherwise print it raw (a newline splitting the line, a terminal escape).
bool has_control_character(std::string_view text);

// "<line>:<column>" (both from 1) of a byte offset in `text`.
std::string line_and_column(std::string_view text, std::size_t byte_offset);

}  // namespace event_engine
