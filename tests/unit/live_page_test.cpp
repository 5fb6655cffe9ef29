#include "http/live_page/live_page.hpp"
#include "test_paths.hpp"

#include <gtest/gtest.h>
#include <fstream>
#include <sstream>

namespace event_engine {
namespace {

TEST(LivePage, TheEmbeddedPageIsTheSourceFileByteForByte) {
  std::ifstream source(std::string(test_paths::source_dir) + "/engine/src/http/live_page/index.html",
                       std::ios::binary);
  std::stringstream bytes;
  bytes << source.rdbuf();
  ASSERT_FALSE(bytes.str().empty());
  EXPECT_EQ(live_page::html(), bytes.str());
  EXPECT_EQ(live_page::html_sha256().size(), 64u);
}

TEST(LivePage, LoadsNothingFromAnotherOrigin) {
  const std::string_view html = live_page::html();
  for (const std::string_view external :
       {"http://", "https://", "<script src", "<link rel=\"stylesheet\"", "@import", "url("}) {
    EXPECT_EQ(html.find(external), std::string_view::npos) << external;
  }
  EXPECT_NE(live_page::content_security_policy.find("default-src 'none'"), std::string_view::npos);
  EXPECT_NE(live_page::content_security_policy.find("connect-src 'self'"), std::string_view::npos);
}

TEST(LivePage, TheETagFollowsTheContentAndMatchesConditionalRequests) {
  const std::string etag = live_page::etag();
  EXPECT_EQ(etag, "\"" + std::string(live_page::html_sha256().substr(0, 16)) + "\"");
  EXPECT_TRUE(live_page::etag_matches(etag));
  EXPECT_TRUE(live_page::etag_matches("W/" + etag));
  EXPECT_TRUE(live_page::etag_matches("\"other\", " + etag));
  EXPECT_TRUE(live_page::etag_matches("*"));
  EXPECT_FALSE(live_page::etag_matches(""));
  EXPECT_FALSE(live_page::etag_matches("\"0123456789abcdef\""));
}

TEST(LivePage, TheIngestDescriptionListsEveryRouteWithItsValues) {
  const std::vector<IngestRoute> routes = {{"/update_model/{value}", "update_model", {"w", "l"}},
                                           {"/v1/{value}/event", "other", {}}};
  EXPECT_EQ(live_page::ingest_description(routes), nlohmann::json::parse(R"({"routes": [
      {"path": "/update_model/{value}", "topic": "update_model", "accept": ["w", "l"]},
      {"path": "/v1/{value}/event", "topic": "other", "accept": []}]})"));
  EXPECT_EQ(live_page::ingest_description({}), nlohmann::json::parse(R"({"routes": []})"));
}

}  // namespace
}  // namespace event_engine
