// A pipeline test case, read from its JSON file: the events to feed and what must hold afterwards.
//
//   {"description": "...", "set": ["key.path=value", ...], "topic": "update_model",
//    "events": ["w", "l", ...], "render": false,
//    "expect": {"summary": {...}, "keys": {"B": {...}}, "accepted": 9, "rejected": 0}}
//
// Only `events` and `expect` are required; `expect` needs at least one of its three keys.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace event_engine {

// Bounds on what a case file may hold; beyond them it is refused as a bad case file.
inline constexpr std::uintmax_t max_case_file_bytes = 64 * 1024 * 1024;
inline constexpr std::size_t max_case_nesting = 64;
inline constexpr std::size_t max_case_events = 10'000'000;

// A bad case file: what() reads "<json path>: <what was expected>" ("/" for the file as a whole).
class CaseFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TestCase {
  std::string description;
  std::vector<std::string> overrides;  // applied after the command line's --set
  std::string topic;                   // empty: the config's first process topic
  std::vector<std::string> events;
  bool render = false;
  // Each a matcher (see summary_expectation.hpp); absent: not checked.
  std::optional<nlohmann::json> summary;
  // A keyed pipeline's: key -> matcher of that key's summary.
  std::optional<nlohmann::json> keys;
  std::optional<nlohmann::json> accepted;
  std::optional<nlohmann::json> rejected;
};

// Reads and checks a case file; throws CaseFileError naming the JSON path of the first problem.
TestCase read_case_file(const std::filesystem::path& file);

// The same from parsed JSON (a case inline in a test).
TestCase parse_test_case(const nlohmann::json& document);

}  // namespace event_engine
