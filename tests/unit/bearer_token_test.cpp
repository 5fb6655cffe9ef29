#include "http/bearer_token.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

TEST(BearerToken, WithoutATokenEveryRequestIsAuthorised) {
  const BearerToken none;
  EXPECT_FALSE(none.required());
  EXPECT_TRUE(none.authorises(""));
}

TEST(BearerToken, OnlyTheExactTokenAfterTheBearerSchemeAuthorises) {
  const BearerToken token("abc123");
  EXPECT_TRUE(token.required());
  EXPECT_TRUE(token.authorises("Bearer abc123"));
  EXPECT_TRUE(token.authorises("bearer abc123")) << "the scheme is case-insensitive";
  EXPECT_TRUE(token.authorises("Bearer  abc123 "));
  EXPECT_FALSE(token.authorises(""));
  EXPECT_FALSE(token.authorises("abc123"));
  EXPECT_FALSE(token.authorises("Basic abc123"));
  EXPECT_FALSE(token.authorises("Bearer abc12"));
  EXPECT_FALSE(token.authorises("Bearer abc1234"));
  EXPECT_FALSE(token.authorises("Bearer abd123"));
  EXPECT_FALSE(token.authorises("Bearer ABC123")) << "the token itself is case-sensitive";
}

}  // namespace
}  // namespace event_engine
