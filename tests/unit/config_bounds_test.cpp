// The bounds on a config's bytes (config_limits.hpp), met through the functions `validate` and
// `run` use: read_config_file, apply_override and load_pipeline_config. Each case here crashed,
// aborted, was accepted silently or gave a message as large as its input before the bounds.
#include <gtest/gtest.h>
#include <fstream>
#include <functional>

#include "config/config_file.hpp"
#include "config/config_limits.hpp"
#include "config/pipeline_config_loader.hpp"
#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

// A config file in a directory of its own, removed with it.
class ConfigFileOnDisk {
 public:
  explicit ConfigFileOnDisk(const std::string& text) {
    std::string pattern = (std::filesystem::temp_directory_path() / "config-bounds-XXXXXX").string();
    directory_ = mkdtemp(pattern.data());
    file_ = directory_ / "pipeline.json";
    std::ofstream(file_, std::ios::binary) << text;
  }
  ~ConfigFileOnDisk() { std::filesystem::remove_all(directory_); }
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path directory_;
  std::filesystem::path file_;
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

constexpr const char* minimal_config = R"({
  "broker": {"plugin": "zmq", "config": {}},
  "process": {"topics": ["update_model"], "model": {"plugin": "binomial_grid", "config": {}}}
})";

TEST(ConfigBounds, NestingDeeperThan64LevelsIsRefusedAtItsLineAndColumn) {
  const ConfigFileOnDisk deep("{\n\"broker\": " + nested_arrays(100'000) + "}");
  const std::string error = error_of([&] { read_config_file(deep.file()); });
  // The top-level object is level 1, so the 64th '[' (column 74) would open level 65.
  EXPECT_EQ(error, deep.file().string() + ":2:74: nested deeper than 64 levels, the most a config may nest");

  const ConfigFileOnDisk just_fits("{\"a\": " + nested_arrays(63) + "}");
  EXPECT_EQ(error_of([&] { read_config_file(just_fits.file()); }), "");
}

TEST(ConfigBounds, AKeyGivenTwiceIsAnErrorNamingItsJsonPath) {
  const ConfigFileOnDisk twice(R"({"process": {"model": {"plugin": "binomial_grid",
      "config": {"grid_points": 50, "grid_points": 120}}}})");
  EXPECT_EQ(error_of([&] { read_config_file(twice.file()); }),
            "/process/model/config/grid_points: key given twice");
}

TEST(ConfigBounds, ANumberThatFitsNothingIsAConfigErrorAtItsPath) {
  const ConfigFileOnDisk huge_integer(R"({"process": {"max_batch": )" + std::string(400, '9') + "}}");
  const std::string error = error_of([&] { read_config_file(huge_integer.file()); });
  EXPECT_EQ(error.rfind(huge_integer.file().string() + ":1:27: /process/max_batch: the number 999", 0), 0u)
      << error;
  EXPECT_NE(error.find("(400 characters) does not fit a 64-bit integer or a double"), std::string::npos)
      << error;
  EXPECT_LT(error.size(), 250u);

  const ConfigFileOnDisk huge_exponent(R"({"x": [1, 1e400]})");
  EXPECT_NE(error_of([&] { read_config_file(huge_exponent.file()); }).find("/x/1: the number 1e400"),
            std::string::npos);
}

TEST(ConfigBounds, AHugeStringIsRefusedWithAShortMessage) {
  const ConfigFileOnDisk long_name(R"({"broker": {"plugin": ")" + std::string(10'000'000, 'a') + "\"}}");
  EXPECT_EQ(error_of([&] { read_config_file(long_name.file()); }),
            "/broker/plugin: a string of 10,000,000 bytes; a config string may have at most 4,096");

  const ConfigFileOnDisk long_key(R"({"broker": {")" + std::string(100'000, 'k') + "\": 1}}");
  const std::string key_error = error_of([&] { read_config_file(long_key.file()); });
  EXPECT_EQ(key_error.rfind("/broker: a key of 100,000 bytes (\"kkk", 0), 0u) << key_error;
  EXPECT_LT(key_error.size(), 200u);

  // Not closed: a syntax error, whose message quotes the token it stopped in.
  const ConfigFileOnDisk unterminated(R"({"broker": ")" + std::string(10'000'000, 'a'));
  const std::string syntax_error = error_of([&] { read_config_file(unterminated.file()); });
  EXPECT_NE(syntax_error.find("invalid JSON: "), std::string::npos) << syntax_error.substr(0, 300);
  EXPECT_LT(syntax_error.size(), 400u);
}

// Found by config_fuzz: a key holding "\n" split the error naming it over two lines.
TEST(ConfigBounds, AKeyHoldingAControlCharacterIsRefusedOnOneLine) {
  const ConfigFileOnDisk newline_key(R"({"broker": {"plu\ngin": "zmq"}})");
  EXPECT_EQ(
      error_of([&] { read_config_file(newline_key.file()); }),
      "/broker: a key holding a control character (\"plu\\ngin\"); keys are names, and errors repeat them");
}

TEST(ConfigBounds, AFileLargerThanTheLimitIsNotParsed) {
  const ConfigFileOnDisk large("[" + std::string(max_config_file_bytes, ' ') + "]");
  EXPECT_EQ(error_of([&] { read_config_file(large.file()); }),
            large.file().string() + ": larger than 16 MiB, the most a config file may hold");
  // Whatever a path names, only the limit is read.
  EXPECT_EQ(error_of([] { read_config_file("/dev/zero"); }),
            "/dev/zero: larger than 16 MiB, the most a config file may hold");
}

TEST(ConfigBounds, BinaryGarbageIsASyntaxErrorShownAsPrintableText) {
  const ConfigFileOnDisk garbage(std::string("\xff\xfe\x01{", 4));
  const std::string error = error_of([&] { read_config_file(garbage.file()); });
  EXPECT_NE(error.find(":1:1: invalid JSON: "), std::string::npos) << error;
  EXPECT_NE(error.find("last read: '\\xff'"), std::string::npos) << error;
}

TEST(ConfigBounds, SetValuesAndKeyPathsCountTowardsTheSameBounds) {
  nlohmann::json config = nlohmann::json::object();
  // Three levels of path: the top-level object and "a", "b"; "c" holds the value.
  EXPECT_EQ(error_of([&] { apply_override(config, "a.b.c=" + nested_arrays(61)); }), "");
  EXPECT_EQ(error_of([&] { apply_override(config, "a.b.c=" + nested_arrays(62)); }),
            "--set a.b.c: the key path (3 levels) and the value nest deeper than 64 levels, the most a "
            "config may nest");
  EXPECT_EQ(error_of([&] { apply_override(config, "a=" + nested_arrays(100'000)); }).rfind("--set a: ", 0),
            0u);

  std::string long_path = "k";
  for (int i = 0; i < 100'000; ++i) long_path += ".k";
  const std::string path_error = error_of([&] { apply_override(config, long_path + "=1"); });
  EXPECT_NE(path_error.find("a key path of 100001 parts; at most 63 fit"), std::string::npos) << path_error;
  EXPECT_LT(path_error.size(), 300u);

  EXPECT_EQ(error_of([&] { apply_override(config, R"(a={"x": 1, "x": 2})"); }),
            "--set a: the value at /x: key given twice");
  EXPECT_NE(error_of([&] { apply_override(config, "a=1e400"); }).find("does not fit"), std::string::npos);
  EXPECT_EQ(error_of([&] { apply_override(config, "a=" + std::string(5000, 'x')); }),
            "--set a: a string of 5000 bytes; a config string may have at most 4096");
  EXPECT_EQ(error_of([&] { apply_override(config, "a=\xff"); }),
            "--set a: the value is neither JSON nor a valid UTF-8 string");
  EXPECT_EQ(error_of([&] { apply_override(config, "\xc3(=1"); }),
            "--set \\xc3(: the key path is not valid UTF-8");
  EXPECT_EQ(error_of([&] { apply_override(config, "a\x1b[2J.b=1"); }),
            "--set a\\x1b[2J.b: a key holding a control character");
  // The document stays writable: nlohmann's dump() throws on invalid UTF-8.
  EXPECT_NO_THROW(static_cast<void>(config.dump()));
}

TEST(ConfigBounds, TheLoaderCollectsEveryFaultWithoutThrowingAndListsAtMostAHundred) {
  std::string many_unknown = R"({"broker": {"plugin": "zmq"}, "process": {"topics": ["t"], )"
                             R"("model": {"plugin": "binomial_grid"})";
  for (int i = 0; i < 1000; ++i) many_unknown += ", \"unknown_" + std::to_string(i) + "\": 1";
  many_unknown += "}}";
  const ConfigFileOnDisk file(many_unknown);
  std::vector<std::string> errors;
  load_pipeline_config(file.file(), {}, errors);
  ASSERT_EQ(errors.size(), max_config_errors_listed + 1);
  EXPECT_EQ(errors.back(), "(900 more errors not listed; the first 100 are above)");
}

TEST(ConfigBounds, APluginNameMustBeAName) {
  const ConfigFileOnDisk file(minimal_config);
  std::vector<std::string> errors;
  load_pipeline_config(
      file.file(), {"broker.plugin=no such/plugin", "process.model.plugin=" + std::string(65, 'm')}, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rfind("/broker/plugin: expected a plugin name", 0), 0u) << errors[0];
  EXPECT_EQ(errors[1].rfind("/process/model/plugin: expected a plugin name", 0), 0u) << errors[1];
  EXPECT_LT(errors[1].size(), 200u);
}

}  // namespace
}  // namespace event_engine
