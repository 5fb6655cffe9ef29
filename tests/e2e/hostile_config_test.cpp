// The real `event-engine validate` and `run` given configs that are broken on purpose, as files
// and as --set values: each must end with exit code 2 and a few short lines naming the problem,
// never a crash, an abort, a silent acceptance or an error line as large as the input.
#include <gtest/gtest.h>
#include <fstream>
#include <sstream>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

constexpr std::size_t longest_line_allowed = 1000;
constexpr std::size_t most_output_allowed = 8000;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t longest_line(const std::string& text) {
  std::size_t longest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) longest = std::max(longest, line.size());
  return longest;
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// "a.a.a...": `parts` keys, each inside the one before.
std::string key_path_of(int parts) {
  std::string path = "a";
  for (int i = 1; i < parts; ++i) path += ".a";
  return path;
}

// The shipped default config with one part of its text replaced: hostile cases that are otherwise a
// working pipeline, so only the hostile part can be what is refused.
std::string shipped_with(const std::string& find, const std::string& replace) {
  std::string text = read_file(std::filesystem::path(test_paths::source_dir) / "config/default.json");
  const std::size_t at = text.find(find);
  if (at == std::string::npos) throw std::runtime_error("the shipped config has no " + find);
  return text.replace(at, find.size(), replace);
}

struct HostileCase {
  std::string name;
  std::string file_text;          // written to <name>.json
  std::vector<std::string> sets;  // --set values, passed after the shipped config's own
  std::string expected;           // a part of the output that names the problem
};

std::vector<HostileCase> hostile_files() {
  std::string garbage(4096, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919 + 13) % 256);
  const std::string shipped =
      read_file(std::filesystem::path(test_paths::source_dir) / "config/default.json");
  return {
      {"deep_nesting", "{\"broker\": " + nested_arrays(100'000) + "}", {}, "nested deeper than 64 levels"},
      {"duplicate_key",
       shipped_with("\"grid_points\": 120,", "\"grid_points\": 50, \"grid_points\": 120,"),
       {},
       "/process/model/config/grid_points: key given twice"},
      {"integer_of_400_digits",
       shipped_with("\"grid_points\": 120", "\"grid_points\": " + std::string(400, '7')),
       {},
       "/process/model/config/grid_points: the number 777"},
      {"number_1e400",
       shipped_with("\"every_ms\": 1000", "\"every_ms\": 1e400"),
       {},
       "/process/checkpoint/every_ms: the number 1e400"},
      {"plugin_name_of_10_mb",
       shipped_with("\"plugin\": \"binomial_grid\"", "\"plugin\": \"" + std::string(10'000'000, 'b') + "\""),
       {},
       "/process/model/plugin: a string of 10,000,000 bytes"},
      {"key_of_10_mb",
       shipped_with("\"grid_points\"", "\"" + std::string(10'000'000, 'k') + "\""),
       {},
       "/process/model/config: a key of 10,000,000 bytes"},
      {"truncated", shipped.substr(0, shipped.size() / 2), {}, "invalid JSON"},
      {"binary_garbage", garbage, {}, "invalid JSON"},
      {"empty", "", {}, "invalid JSON"},
      {"larger_than_16_mib", "[" + std::string(17 * 1024 * 1024, ' ') + "]", {}, "larger than 16 MiB"},
      {"set_deep_nesting",
       shipped,
       {"process.model.config.prior=" + nested_arrays(60'000)},
       "--set process.model.config.prior: the key path (4 levels) and the value nest deeper than 64"},
      {"set_key_path_of_30000_parts", shipped, {key_path_of(30'001) + "=1"}, "a key path of 30001 parts"},
      {"set_duplicate_key",
       shipped,
       {R"(process.model.config.prior={"type": "uniform", "type": "beta"})"},
       "the value at /type: key given twice"},
      {"set_integer_beyond_int64",
       shipped,
       {"process.model.config.grid_points=9223372036854775808"},
       "/process/model/config/grid_points: expected an integer in [2, 1000000], got 9223372036854775808"},
      {"set_negative_where_unsigned",
       shipped,
       {"process.checkpoint.every_events=-1"},
       "/process/checkpoint/every_events: expected an integer >= 1, got -1"},
      {"set_number_1e400", shipped, {"process.max_batch=1e400"}, "--set process.max_batch: the value"},
  };
}

class HostileConfig : public ::testing::Test {
 protected:
  HostileConfig() : engine_(work_.path(), "config/default.json", {}) {}

  // `event-engine <command> --config <case file> --set <the instance's and the case's>`.
  std::vector<std::string> command(const std::string& subcommand, const HostileCase& hostile) {
    const std::filesystem::path file = engine_.config_file().parent_path() / (hostile.name + ".json");
    std::ofstream(file, std::ios::binary) << hostile.file_text;
    std::vector<std::string> argv = engine_.command(subcommand);
    argv[3] = file.string();
    for (const std::string& assignment : hostile.sets) argv.insert(argv.end(), {"--set", assignment});
    return argv;
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(HostileConfig, ValidateAndRunRefuseEachWithExitCode2AndShortLines) {
  for (const HostileCase& hostile : hostile_files()) {
    for (const std::string subcommand : {"validate", "run"}) {
      SCOPED_TRACE(subcommand + " " + hostile.name);
      std::string output;
      const int code = run_program(command(subcommand, hostile), output, std::chrono::seconds(60));
      EXPECT_EQ(code, 2) << output.substr(0, 2000);
      EXPECT_NE(output.find(hostile.expected), std::string::npos) << output.substr(0, 2000);
      EXPECT_LE(longest_line(output), longest_line_allowed) << output.substr(0, 2000);
      EXPECT_LE(output.size(), most_output_allowed) << output.substr(0, 2000);
    }
  }
}

TEST_F(HostileConfig, TheShippedConfigStillValidatesThroughTheSameCommand) {
  const HostileCase shipped{
      "shipped", read_file(std::filesystem::path(test_paths::source_dir) / "config/default.json"), {}, ""};
  std::string output;
  EXPECT_EQ(run_program(command("validate", shipped), output), 0) << output;
  EXPECT_EQ(output, "OK\n");
}

}  // namespace
}  // namespace event_engine::testing
