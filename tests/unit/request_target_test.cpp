#include "http/request_target.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

TEST(RequestTarget, SplitsAndDecodesPathAndQuery) {
  const auto target = parse_request_target("/model/predict?trials=10&draws=5&note=a+b%21");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/model/predict");
  EXPECT_EQ(target->query.at("trials"), "10");
  EXPECT_EQ(target->query.at("draws"), "5");
  EXPECT_EQ(target->query.at("note"), "a b!");
}

TEST(RequestTarget, DecodesThePathButKeepsItsPlusSigns) {
  const auto target = parse_request_target("/update_model/%77+x");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/update_model/w+x");
}

TEST(RequestTarget, TheFirstOfARepeatedParameterWinsAndEmptyPairsAreSkipped) {
  const auto target = parse_request_target("/model?compact=1&&compact=0&flag");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->query.at("compact"), "1");
  EXPECT_EQ(target->query.at("flag"), "");
}

TEST(RequestTarget, RefusesWhatCannotBeDecoded) {
  EXPECT_FALSE(parse_request_target(""));
  EXPECT_FALSE(parse_request_target("model"));
  EXPECT_FALSE(parse_request_target("http://elsewhere/model"));
  EXPECT_FALSE(parse_request_target("/model%"));
  EXPECT_FALSE(parse_request_target("/model%4"));
  EXPECT_FALSE(parse_request_target("/model%zz"));
  EXPECT_FALSE(parse_request_target("/model%00"));
  EXPECT_FALSE(parse_request_target("/model?a=%"));
}

TEST(RequestTarget, KeepsAtMostTheBoundedNumberOfParameters) {
  std::string target = "/model?";
  for (int i = 0; i < 1000; ++i) target += "p" + std::to_string(i) + "=1&";
  const auto parsed = parse_request_target(target);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->query.size(), max_query_parameters);
}

}  // namespace
}  // namespace event_engine
