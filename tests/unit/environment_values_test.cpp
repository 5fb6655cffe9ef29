// The environment reference syntax on its own, with a lookup table instead of the process
// environment: replacements, escapes, typing of whole references, and the errors.
#include "config/environment_values.hpp"

#include <gtest/gtest.h>

#include <map>

#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

EnvironmentLookup table(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::string expanded(std::string_view text, const EnvironmentLookup& lookup) {
  std::vector<std::string> variables;
  return expand_environment_references(text, "/x", lookup, variables);
}

std::string error_of(std::string_view text, const EnvironmentLookup& lookup) {
  try {
    expanded(text, lookup);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(EnvironmentValues, ReplacesReferencesAndDefaultsAndKeepsOtherDollars) {
  const EnvironmentLookup lookup = table({{"HOST", "redis"}, {"EMPTY", ""}});
  EXPECT_EQ(expanded("${HOST}:6379", lookup), "redis:6379");
  EXPECT_EQ(expanded("${PORT:-6379}", lookup), "6379");
  EXPECT_EQ(expanded("${EMPTY:-fallback}", lookup), "fallback");
  EXPECT_EQ(expanded("a${EMPTY}b", lookup), "ab");
  EXPECT_EQ(expanded("${MISSING:-}", lookup), "");
  EXPECT_EQ(expanded("$$${HOST}$$", lookup), "$redis$");
  EXPECT_EQ(expanded("$${HOST}", lookup), "${HOST}");
  EXPECT_EQ(expanded("cost $5 and $", lookup), "cost $5 and $");
  EXPECT_EQ(expanded("${X:-a:-b}", lookup), "a:-b");
}

TEST(EnvironmentValues, NamesTheVariablesItReplaced) {
  std::vector<std::string> variables;
  expand_environment_references("${A:-1}${B:-2}$${C}", "/x", table({}), variables);
  EXPECT_EQ(variables, (std::vector<std::string>{"A", "B"}));
}

TEST(EnvironmentValues, ErrorsNameThePathAndWhatWasWrong) {
  const EnvironmentLookup lookup = table({});
  EXPECT_EQ(error_of("${NOPE}", lookup),
            "/x: the environment variable NOPE is not set (give a default with ${NOPE:-default})");
  EXPECT_NE(error_of("${NOPE", lookup).find("/x: malformed environment reference \"${NOPE\" at byte 1"),
            std::string::npos);
  EXPECT_NE(error_of("ab${9}", lookup).find("malformed environment reference \"${9}\" at byte 3"),
            std::string::npos);
  EXPECT_NE(error_of("${}", lookup).find("malformed"), std::string::npos);
  EXPECT_NE(error_of("${:-x}", lookup).find("malformed"), std::string::npos);
  EXPECT_NE(error_of("${" + std::string(300, 'A') + "}", lookup).find("malformed"), std::string::npos);
}

TEST(EnvironmentValues, TheResultIsBoundedAndValuesAreNotExpandedAgain) {
  const EnvironmentLookup lookup = table({{"BIG", std::string(4096, 'b')}, {"REF", "${BIG}"}});
  EXPECT_EQ(expanded("${BIG}", lookup).size(), 4096u);
  EXPECT_NE(error_of("${BIG}x", lookup).find("longer than 4096 bytes"), std::string::npos);
  EXPECT_EQ(expanded("${REF}", lookup), "${BIG}");
}

TEST(EnvironmentValues, AWholeReferenceTakesTheTypeOfANumberOrBoolean) {
  nlohmann::json document = {{"port", "${PORT}"},   {"ratio", "${RATIO}"}, {"on", "${ON}"},
                             {"host", "${PORT}x"},  {"name", "${NAME}"},   {"list", {"${PORT}", "$$"}},
                             {"negative", "${NEG}"}};
  std::vector<std::string> errors;
  const std::vector<EnvironmentValueUse> uses = expand_environment_values(
      document, table({{"PORT", "6379"}, {"RATIO", "0.5"}, {"ON", "true"}, {"NAME", "12ab"}, {"NEG", "-3"}}),
      errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(document["port"], 6379);
  EXPECT_EQ(document["ratio"], 0.5);
  EXPECT_EQ(document["on"], true);
  EXPECT_EQ(document["host"], "6379x");
  EXPECT_EQ(document["name"], "12ab");
  EXPECT_EQ(document["negative"], -3);
  EXPECT_EQ(document["list"], nlohmann::json({6379, "$"}));
  EXPECT_EQ(uses.size(), 7u);  // the "$$" alone names no variable
}

TEST(EnvironmentValues, KeysAreLeftAsTheyAreAndPathsAreEscaped) {
  nlohmann::json document = {{"${K}", "v"}, {"a/b", "${MISSING}"}};
  std::vector<std::string> errors;
  expand_environment_values(document, table({}), errors);
  EXPECT_TRUE(document.contains("${K}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("/a~1b: the environment variable MISSING is not set", 0), 0u) << errors[0];
}

}  // namespace
}  // namespace event_engine
