// `event-engine test --config F CASES...`: runs each case file against the config's model and
// prints one line per case, then "N passed, N failed". Exit 0 when all pass, 1 when one fails, 2
// for a bad case file or config (named with its JSON path).
#include <cstdio>

#include "cli/commands.hpp"
#include "testing/case_file.hpp"
#include "testing/case_runner.hpp"

namespace event_engine {
namespace {

void print_indented(const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::printf("    %s\n", line.c_str());
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

}  // namespace

int test_command(const ConfigOptions& options, const std::vector<std::string>& case_files) {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t bad = 0;
  for (const std::string& file : case_files) {
    TestCase test_case;
    try {
      test_case = read_case_file(file);
    } catch (const CaseFileError& error) {
      std::printf("ERROR %s: %s\n", file.c_str(), error.what());
      ++bad;
      continue;
    }
    const std::string name = test_case.description.empty() ? file : file + " (" + test_case.description + ")";
    const CaseOutcome outcome = run_test_case(options.config_file, options.overrides, test_case);
    switch (outcome.verdict) {
      case CaseOutcome::Verdict::passed:
        std::printf("ok    %s\n", name.c_str());
        ++passed;
        break;
      case CaseOutcome::Verdict::failed:
        std::printf("FAIL  %s: %s\n", name.c_str(), outcome.message.c_str());
        ++failed;
        break;
      case CaseOutcome::Verdict::bad_config:
        std::printf("ERROR %s: the config %s with this case's overrides is invalid:\n", name.c_str(),
                    options.config_file.c_str());
        print_indented(outcome.message);
        ++bad;
        break;
    }
  }
  std::printf("%zu passed, %zu failed", passed, failed);
  if (bad > 0) std::printf(", %zu not run (bad case file or config)", bad);
  std::printf("\n");
  if (bad > 0) return exit_bad_config;
  return failed > 0 ? exit_failure : exit_ok;
}

}  // namespace event_engine
