#include "http/event_body_parser.hpp"

#include <gtest/gtest.h>
#include "batch_events.hpp"

namespace event_engine {
namespace {

const IngestRoute trials{"/update_model/{value}", "update_model", {"w", "l"}};

using event_engine::testing::events_of;

TEST(ParseEventBody, TakesNewlineSeparatedEventsWithOrWithoutAFinalNewline) {
  EventBatch batch;
  EXPECT_FALSE(parse_event_body("w\nl\nw\n", trials, batch));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l", "w"}));
  EXPECT_FALSE(parse_event_body("w\r\nl", trials, batch));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l"}));
}

TEST(ParseEventBody, TakesAJsonArrayOfStrings) {
  EventBatch batch;
  EXPECT_FALSE(parse_event_body(R"( ["w", "w", "l"] )", trials, batch));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "w", "l"}));
}

// Found by http_body_fuzz: "[]" was accepted as zero events while a body of blank lines was a 400.
TEST(ParseEventBody, AnEmptyJsonArrayHoldsNoEventsLikeABlankBody) {
  EventBatch batch;
  const auto error = parse_event_body(" [ ] ", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("no events"), std::string::npos) << *error;
  EXPECT_TRUE(batch.empty());
}

TEST(ParseEventBody, RefusesTheWholeBodyNamingTheFirstBadEntry) {
  EventBatch batch;
  auto error = parse_event_body("w\nl\nx\nw\n", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 2"), std::string::npos) << *error;
  EXPECT_NE(error->find("\"x\""), std::string::npos) << *error;
  EXPECT_TRUE(batch.empty());

  error = parse_event_body("w\n\nl", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 is empty"), std::string::npos) << *error;

  error = parse_event_body(R"(["w", {"a": 1}])", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 (\"{\\\"a\\\":1}\") is not accepted"), std::string::npos) << *error;
  EXPECT_TRUE(batch.empty());

  error = parse_event_body(R"(["w", 7])", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 is not a string or an object"), std::string::npos) << *error;
  EXPECT_TRUE(batch.empty());

  EXPECT_TRUE(parse_event_body("[\"w\"", trials, batch));
  EXPECT_TRUE(parse_event_body("  \n", trials, batch));
}

// Bodies of one-byte events are checked as a whole; a refusal still names the first bad entry.
TEST(ParseEventBody, ABodyOfOneByteEventsNamesItsFirstBadEntry) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "w\nl\n";
  body += "x\nw\n";
  EventBatch batch;
  const auto error = parse_event_body(body, trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 2000 (\"x\")"), std::string::npos) << *error;
}

// As many bytes as entries, yet not one byte each: an empty entry beside a two-byte one.
TEST(ParseEventBody, AnEmptyEntryBesideATwoByteOneIsRefused) {
  EventBatch batch;
  auto error = parse_event_body("w\n\nww\nl", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 is empty"), std::string::npos) << *error;
  const IngestRoute open{"/log/{value}", "log", {}};
  error = parse_event_body("ww\n\n", open, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 is empty"), std::string::npos) << *error;
}

TEST(ParseEventBody, AcceptsAnyValueOnARouteWithoutAnAcceptList) {
  const IngestRoute open{"/log/{value}", "log", {}};
  EventBatch batch;
  EXPECT_FALSE(parse_event_body("anything\ngoes", open, batch));
  EXPECT_EQ(batch.size(), 2u);
}

// A keyed route's accept list applies to the value of each KEY:VALUE line.
TEST(ParseEventBody, AKeyedRouteChecksTheValueOfEachKeyValueEntry) {
  const IngestRoute keyed{"/track/{key}/{value}", "events", {"w", "l"}, ":"};
  EventBatch batch;
  EXPECT_TRUE(parse_event_body("A:w\nA:b:w\n", keyed, batch)) << "the key ends at the first separator";
  EXPECT_FALSE(parse_event_body("A:w\nB:l\n", keyed, batch));
  EXPECT_EQ(batch[1], "B:l");
  auto error = parse_event_body("A:w\nB:x\n", keyed, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1"), std::string::npos) << *error;
  error = parse_event_body("A:w\nw\n", keyed, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 1 is not KEY:VALUE"), std::string::npos) << *error;
  EXPECT_TRUE(parse_event_body(":w", keyed, batch)) << "an empty key";
}

// Structured events for process.keys: each object of an array is one event, its compact JSON text.
TEST(ParseEventBody, AJsonArrayOfObjectsGivesOneEventPerObject) {
  const IngestRoute open{"/track/{value}", "events", {}};
  EventBatch batch;
  EXPECT_FALSE(
      parse_event_body(R"([{"variant": "A", "converted": true}, "B:w", {"variant":"B"}])", open, batch));
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[0], R"({"converted":true,"variant":"A"})");
  EXPECT_EQ(batch[1], "B:w");
  EXPECT_EQ(batch[2], R"({"variant":"B"})");
}

// The lookup is a set of single bytes plus a list of longer tokens, compared by length first: a
// token that shares a first byte or a length with an accepted one is still refused.
TEST(ParseEventBody, TellsMultiByteTokensApartFromTheirPrefixesAndNeighbours) {
  const IngestRoute outcomes{"/outcome/{value}", "outcomes", {"win", "loss", "w"}};
  EventBatch batch;
  EXPECT_FALSE(parse_event_body("win\nloss\nw\nwin", outcomes, batch));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"win", "loss", "w", "win"}));
  for (const char* refused : {"wi\n", "wins\n", "lose\n", "l\n", "win\nWIN\n", "win\r\nlos\r\n"}) {
    EXPECT_TRUE(parse_event_body(refused, outcomes, batch)) << refused;
    EXPECT_TRUE(batch.empty()) << refused;
  }
  EXPECT_FALSE(parse_event_body("loss\r\nwin\r\n", outcomes, batch));
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"loss", "win"}));
}

// One final line end is optional; a second one is an empty last entry, with or without "\r".
TEST(ParseEventBody, ASecondFinalLineEndIsAnEmptyEntry) {
  EventBatch batch;
  auto error = parse_event_body("w\nl\n\n", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 2 is empty"), std::string::npos) << *error;
  error = parse_event_body("w\r\nl\r\n\r\n", trials, batch);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("entry 2 is empty"), std::string::npos) << *error;
  EXPECT_TRUE(batch.empty());
}

}  // namespace
}  // namespace event_engine
