// The bounds on a pipeline config's bytes. Everything a config holds is checked against them while
// it is parsed, before any recursive code (copying, comparing, printing a value) touches it, so a
// hostile or mistaken file gets a clear error instead of a crash, a huge message or gigabytes.
#pragma once

#include <cstddef>

namespace event_engine {

struct JsonLimits {
  // Containers inside containers, the top-level one included. The shipped configs use 6.
  std::size_t max_depth = 64;
  // Decoded bytes of one string value: PATH_MAX, the longest thing a config names (a path).
  std::size_t max_string_bytes = 4096;
  // Decoded bytes of one object key: keys are names, and error messages repeat them.
  std::size_t max_key_bytes = 256;
  // Values of every kind, containers included: bounds the memory a document takes (a grid
  // model's explicit prior of 1,000,000 points fits twice).
  std::size_t max_values = 2'000'000;
};

// A config file is read up to this many bytes and refused beyond it.
inline constexpr std::size_t max_config_file_bytes = 16 * 1024 * 1024;

// `validate` and `run` list at most this many errors, then how many more there were.
inline constexpr std::size_t max_config_errors_listed = 100;

}  // namespace event_engine
