#include "http/live_page/live_page.hpp"

namespace event_engine::live_page {

std::string etag() { return "\"" + std::string(html_sha256().substr(0, 16)) + "\""; }

bool etag_matches(std::string_view if_none_match) {
  if (if_none_match.find('*') != std::string_view::npos) return true;
  return if_none_match.find(etag()) != std::string_view::npos;
}

nlohmann::json ingest_description(const std::vector<IngestRoute>& routes) {
  nlohmann::json list = nlohmann::json::array();
  for (const IngestRoute& route : routes) {
    list.push_back({{"path", route.path}, {"topic", route.topic}, {"accept", route.accept}});
  }
  return {{"routes", std::move(list)}};
}

}  // namespace event_engine::live_page
