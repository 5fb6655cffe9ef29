// libFuzzer target: pipeline config loading from bytes, `--set` overrides included, through the
// same functions `validate` and `run` use (parse_config_text, then check_pipeline_document).
//
// Input: the config file's bytes, then each `--set` assignment, separated by NUL bytes
// ("{...}\0process.max_batch=5\0http.listen=127.0.0.1:0").
//
// Asserts, beyond "no crash": only ConfigError leaves parsing; every error is one short line and
// at most max_config_errors_listed (+1) come from one check; and a document that parsed, written
// out with dump() and read back, is the same document and checks to the same PipelineConfig and
// the same errors.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_file.hpp"
#include "config/config_limits.hpp"
#include "config/pipeline_config_loader.hpp"
#include "event_engine/config_error.hpp"

namespace {

using namespace event_engine;

// Long enough for every error the checks write (a path of keys, the expectation, a cut value).
constexpr std::size_t longest_error_allowed = 1000;

[[noreturn]] void invariant_broken(const char* what, const std::string& detail) {
  std::fprintf(stderr, "config_fuzz: %s\n%s\n", what, detail.substr(0, 2000).c_str());
  std::abort();
}

void check_errors_are_short(const std::vector<std::string>& errors, std::size_t overrides) {
  // One per failed override, then at most the listed ones of the document and the count line.
  if (errors.size() > overrides + max_config_errors_listed + 1) {
    invariant_broken("more errors than are listed", std::to_string(errors.size()));
  }
  for (const std::string& error : errors) {
    if (error.size() > longest_error_allowed) invariant_broken("an error line too long", error);
    if (error.find('\n') != std::string::npos) invariant_broken("an error of several lines", error);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = input.find('\0', start);
    parts.push_back(
        input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const std::vector<std::string> overrides(parts.begin() + 1, parts.end());

  nlohmann::json document;
  try {
    document = parse_config_text(parts.front(), "fuzz.json");
  } catch (const ConfigError& error) {
    check_errors_are_short({error.what()}, 0);
    return 0;
  }
  std::vector<std::string> errors;
  const PipelineConfig config = check_pipeline_document(document, overrides, "/fuzz", errors);
  check_errors_are_short(errors, overrides.size());

  // The document as it stands after the overrides (the failed ones left it unchanged).
  std::vector<std::string> document_errors;
  const PipelineConfig checked = check_pipeline_document(document, {}, "/fuzz", document_errors);
  if (!(checked == config)) invariant_broken("checking twice gave two results", document.dump());

  const std::string written = document.dump();
  nlohmann::json read_back;
  try {
    read_back = parse_config_text(written, "dump.json");
  } catch (const ConfigError& error) {
    invariant_broken("a loaded config does not read back from its own dump", error.what());
  }
  if (read_back != document) invariant_broken("the dump reads back as another document", written);
  std::vector<std::string> read_back_errors;
  const PipelineConfig read_back_config = check_pipeline_document(read_back, {}, "/fuzz", read_back_errors);
  if (!(read_back_config == config)) invariant_broken("the dump checks to another config", written);
  if (read_back_errors != document_errors) invariant_broken("the dump checks to other errors", written);
  return 0;
}
