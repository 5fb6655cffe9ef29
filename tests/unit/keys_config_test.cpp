// process.keys: what a config may say, and the path and expectation named when it is wrong.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "event_engine/config_error.hpp"
#include "keys/keys_config.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

std::string error_of(const json& keys) {
  try {
    read_keys_config(json{{"keys", keys}});
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(KeysConfig, AbsentMeansOneStateForTheWholeStream) {
  EXPECT_FALSE(read_keys_config(json{{"topics", {"t"}}}).has_value());
  EXPECT_FALSE(read_keys_config(json{{"keys", nullptr}}).has_value());
}

TEST(KeysConfig, ReadsTheJsonFormAsTheIssuePinsIt) {
  const auto keys =
      read_keys_config(json::parse(R"({"keys": {"format": "json", "key": ["/experiment", "/variant"],
      "separator": "/", "value": "/converted", "max_keys": 1000000}})"));
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->format, KeyFormat::json);
  EXPECT_EQ(keys->key_pointers, (std::vector<std::string>{"/experiment", "/variant"}));
  EXPECT_EQ(keys->value_pointer, "/converted");
  EXPECT_EQ(keys->separator, "/");
  EXPECT_EQ(keys->max_keys, 1000000u);
}

TEST(KeysConfig, ReadsTheTextFormWithItsDefaults) {
  const auto keys = read_keys_config(json::parse(R"({"keys": {"format": "text"}})"));
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->format, KeyFormat::text);
  EXPECT_EQ(keys->separator, ":");
  EXPECT_EQ(keys->max_keys, 1000000u);
}

TEST(KeysConfig, NamesThePathOfEachMistake) {
  EXPECT_EQ(error_of("text").rfind("/process/keys: expected an object", 0), 0u) << error_of("text");
  EXPECT_EQ(error_of(json{{"format", "csv"}}).rfind("/process/keys/format: expected \"json\" or \"text\"", 0),
            0u);
  EXPECT_EQ(error_of(json{{"separator", ":"}}).rfind("/process/keys/format:", 0), 0u);
  EXPECT_EQ(error_of(json{{"format", "text"}, {"separator", ""}}).rfind("/process/keys/separator:", 0), 0u);
  EXPECT_EQ(error_of(json{{"format", "text"}, {"key", {"/a"}}}).rfind("/process/keys/key: unknown key", 0),
            0u);
  EXPECT_EQ(error_of(json{{"format", "text"}, {"max_keys", 0}})
                .rfind("/process/keys/max_keys: expected an integer", 0),
            0u);
  EXPECT_EQ(
      error_of(json{{"format", "json"}, {"value", "/v"}}).rfind("/process/keys/key: expected a list", 0), 0u);
  EXPECT_EQ(error_of(json{{"format", "json"}, {"key", {"/k"}}}).rfind("/process/keys/value:", 0), 0u);
  EXPECT_EQ(error_of(json{{"format", "json"}, {"key", {"variant"}}, {"value", "/v"}})
                .rfind("/process/keys/key/0: expected a JSON pointer", 0),
            0u);
  EXPECT_EQ(error_of(json{{"format", "json"}, {"key", {"/k"}}, {"value", "/a~2"}})
                .rfind("/process/keys/value: expected a JSON pointer", 0),
            0u);
}

}  // namespace
}  // namespace event_engine
