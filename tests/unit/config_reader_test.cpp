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

}  // namespace
}  // namespace event_engine
