#include "http/ingest_route_matcher.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

const std::vector<IngestRoute> routes = {{"/update_model/{value}", "update_model", {"w", "l"}},
                                         {"/v1/{value}/event", "other", {}}};

TEST(IngestRouteMatcher, MatchesTheValueSegmentAndChecksTheAcceptList) {
  const IngestRouteMatcher matcher(routes);
  auto match = matcher.match("/update_model/w");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->topic, "update_model");
  EXPECT_EQ(match->value, "w");
  EXPECT_TRUE(match->accepted);
  match = matcher.match("/update_model/x");
  ASSERT_TRUE(match);
  EXPECT_FALSE(match->accepted);
  match = matcher.match("/v1/anything/event");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->value, "anything");
  EXPECT_TRUE(match->accepted);
}

TEST(IngestRouteMatcher, DoesNotMatchOtherPaths) {
  const IngestRouteMatcher matcher(routes);
  EXPECT_FALSE(matcher.match("/update_model/"));
  EXPECT_FALSE(matcher.match("/update_model/w/extra"));
  EXPECT_FALSE(matcher.match("/update_modelw"));
  EXPECT_FALSE(matcher.match("/"));
  EXPECT_FALSE(matcher.match("/v1/a/b/event"));
}

// "/track/{key}/{value}": the key and the value are one segment each (process.keys, text).
TEST(IngestRouteMatcher, AKeyedRouteGivesTheKeySegmentToo) {
  const std::vector<IngestRoute> keyed = {{"/track/{key}/{value}", "events", {"w", "l"}, ":"},
                                          {"/k/{key}-{value}.txt", "dashes", {}, "/"}};
  const IngestRouteMatcher matcher(keyed);
  auto match = matcher.match("/track/checkout.B/w");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->key, "checkout.B");
  EXPECT_EQ(match->value, "w");
  EXPECT_TRUE(match->accepted);
  match = matcher.match("/k/page-1.txt");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->key, "page");
  EXPECT_EQ(match->value, "1");
  EXPECT_FALSE(matcher.match("/track/B"));
  EXPECT_FALSE(matcher.match("/track//w"));
  EXPECT_FALSE(matcher.match("/track/a/b/w"));
  EXPECT_FALSE(matcher.match("/track/B/"));
  // A route without "{key}" has no key.
  EXPECT_TRUE(IngestRouteMatcher(routes).match("/update_model/w")->key.empty());
}

TEST(IngestRouteMatcher, FindsTheRouteOfATopic) {
  const IngestRouteMatcher matcher(routes);
  EXPECT_EQ(matcher.route_for_topic("other"), &routes[1]);
  EXPECT_EQ(matcher.route_for_topic("none"), nullptr);
}

}  // namespace
}  // namespace event_engine
