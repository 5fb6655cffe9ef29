#include "event_engine/config_reader.hpp"

#include <gtest/gtest.h>
#include <functional>

namespace event_engine {
namespace {

std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ConfigReader, NamesThePathTheExpectationAndTheValue) {
  const nlohmann::json config = {{"points", "abc"}, {"hwm", -1}, {"ratio", 2.5}, {"flag", 1}, {"name", 3}};
  const ConfigReader reader(config, "/broker/config");
  EXPECT_EQ(error_of([&] { reader.integer("points", 120, 2, 1000000); }),
            "/broker/config/points: expected an integer in [2, 1000000], got \"abc\"");
  EXPECT_EQ(error_of([&] { reader.integer("hwm", 0, 0); }),
            "/broker/config/hwm: expected an integer >= 0, got -1");
  EXPECT_EQ(error_of([&] { reader.number("ratio", 0.5, 0.0, 1.0); }),
            "/broker/config/ratio: expected a number in [0.0, 1.0], got 2.5");
  EXPECT_EQ(error_of([&] { reader.boolean("flag", false); }),
            "/broker/config/flag: expected true or false, got 1");
  EXPECT_EQ(error_of([&] { reader.required_string("missing"); }),
            "/broker/config/missing: expected a string, got nothing");
  EXPECT_EQ(error_of([&] {
              reader.one_of("name", "a", {"a", "b"});
            }),
            "/broker/config/name: expected a string, got 3");
}

TEST(ConfigReader, ReturnsDefaultsForAbsentKeysAndValuesForPresentOnes) {
  const nlohmann::json config = {{"points", 50}, {"whole", 4.0}, {"tokens", "w"}, {"list", {"a", "b"}}};
  const ConfigReader reader(config, "/c");
  EXPECT_EQ(reader.integer("points", 120, 2), 50);
  EXPECT_EQ(reader.integer("whole", 1), 4);
  EXPECT_EQ(reader.integer("absent", 7), 7);
  EXPECT_EQ(reader.string_list("tokens", {}), std::vector<std::string>{"w"});
  EXPECT_EQ(reader.string_list("list", {}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reader.child("absent").path(), "/c/absent");
}

TEST(ConfigReader, ShowsOnlyAShortPrefixOfAnyValueWithoutWalkingItWhole) {
  // 100,000 levels: dump() recursed once per level and overflowed the stack.
  nlohmann::json deep = nlohmann::json::array();
  for (int level = 0; level < 100'000; ++level) deep = nlohmann::json::array({std::move(deep)});
  const std::string shown = ConfigReader::shown(deep);
  EXPECT_EQ(shown, std::string(57, '[') + "...");

  const nlohmann::json config = {{"name", std::string(10'000'000, 'n')}, {"deep", std::move(deep)}};
  const ConfigReader reader(config, "/broker/config");
  EXPECT_EQ(error_of([&] { reader.integer("name", 1); }),
            "/broker/config/name: expected an integer, got \"" + std::string(56, 'n') + "...");
  EXPECT_EQ(error_of([&] { reader.string("deep", ""); }),
            "/broker/config/deep: expected a string, got " + std::string(57, '[') + "...");
  // A cut never leaves half a UTF-8 character, and control characters are escaped.
  EXPECT_EQ(ConfigReader::shown(std::string(58, 'x') + "\u00e9"), "\"" + std::string(56, 'x') + "...");
  EXPECT_EQ(ConfigReader::shown("a\nb"), "\"a\\nb\"");
}

TEST(ConfigReader, AnIntegerBeyondInt64IsAnErrorNotAWrappedValue) {
  // 2^63 is stored unsigned; as a double it equals int64's max, so a double comparison let it
  // through and get<int64_t>() wrapped it to the most negative integer.
  const nlohmann::json config =
      nlohmann::json::parse(R"({"big": 9223372036854775808, "top": 18446744073709551615,
      "fits": 9223372036854775807, "negative": -5})");
  const ConfigReader reader(config, "/c");
  EXPECT_EQ(error_of([&] { reader.integer("big", 0); }),
            "/c/big: expected an integer, got 9223372036854775808");
  EXPECT_EQ(error_of([&] { reader.integer("top", 0); }).rfind("/c/top: expected an integer", 0), 0u);
  EXPECT_EQ(reader.integer("fits", 0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(error_of([&] { reader.integer("negative", 0, 0); }),
            "/c/negative: expected an integer >= 0, got -5");
}

}  // namespace
}  // namespace event_engine
