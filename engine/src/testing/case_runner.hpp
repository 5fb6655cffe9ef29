// Runs one test case against a pipeline config: the config's real model plugin (and, when the case
// asks, its visualisers) in-process, with the broker and store replaced by in-memory ones.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "testing/case_file.hpp"

namespace event_engine {

struct CaseOutcome {
  enum class Verdict { passed, failed, bad_config };
  Verdict verdict = Verdict::passed;
  // For a failure, the first difference: "/summary/w: expected 6, got 5". For a bad config, every
  // error of the config with the case's overrides, one per line.
  std::string message;
};

// `overrides` are the command line's --set, applied before the case's own.
CaseOutcome run_test_case(const std::filesystem::path& config_file, const std::vector<std::string>& overrides,
                          const TestCase& test_case);

}  // namespace event_engine
