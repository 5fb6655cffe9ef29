// Target 8: what the engine reads of a request itself. Arbitrary bytes go through Beast's request
// parser with the front's header and body limits, then the engine's target decoding, the live
// page's If-None-Match, the bearer token and the router of a process with no broker and no model.
// Decoding is checked against re-encoding; every answer has a known status.
#include <fuzzer/FuzzedDataProvider.h>

#include <spdlog/spdlog.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "http/bearer_token.hpp"
#include "http/http_method_of_verb.hpp"
#include "http/live_page/live_page.hpp"
#include "http/request_router.hpp"
#include "http/request_target.hpp"
#include "observability/metrics_registry.hpp"

namespace {

namespace http = boost::beast::http;
using namespace event_engine;

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    encoded += '%';
    encoded += hex[byte >> 4];
    encoded += hex[byte & 15];
  }
  return encoded;
}

void check_target(std::string_view target) {
  const std::optional<RequestTarget> parsed = parse_request_target(target);
  if (!parsed) return;
  FUZZ_CHECK(parsed->query.size() <= max_query_parameters);
  FUZZ_CHECK(parsed->path.find('\0') == std::string::npos);
  // Every decoded path encodes to a target that decodes to it again.
  const std::optional<RequestTarget> again =
      parse_request_target("/" + percent_encode(parsed->path.substr(1)));
  FUZZ_CHECK(again && again->path == parsed->path);
}

struct Router {
  Router() : router(config, routes, services(), BearerToken("fuzz-token"), spdlog::default_logger()) {}
  HttpServices services() {
    HttpServices given;
    given.metrics = &metrics;
    return given;
  }
  HttpConfig config;
  std::vector<IngestRoute> routes;
  MetricsRegistry metrics;
  RequestRouter router;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Router router;
  static const std::set<int> statuses = {200, 204, 304, 401, 404, 405, 415, 503};
  FuzzedDataProvider input(data, size);
  const std::string header_value = input.ConsumeRandomLengthString(128);
  check_target(header_value);
  const bool matches = live_page::etag_matches(header_value);
  if (header_value == live_page::etag() || header_value == "*") FUZZ_CHECK(matches);
  // The token authorises exactly itself, with spaces around it allowed and nothing else.
  std::string_view given = header_value;
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  FUZZ_CHECK(BearerToken("fuzz-token").authorises("Bearer " + header_value) == (given == "fuzz-token"));

  const std::string bytes = input.ConsumeRemainingBytesAsString();
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(router.config.max_header_bytes));
  parser.body_limit(4096);
  parser.eager(true);
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(bytes), error);
  if (error || !parser.is_header_done()) return 0;
  const auto& request = parser.get();
  const std::string_view target(request.target().data(), request.target().size());
  check_target(target);
  const std::optional<RequestTarget> decoded = parse_request_target(target);
  if (!decoded) return 0;
  HttpRequestView view;
  view.method = method_of(request.method());
  view.path = decoded->path;
  view.query = decoded->query;
  const auto authorization = request[http::field::authorization];
  view.authorization = std::string_view(authorization.data(), authorization.size());
  const auto if_none_match = request[http::field::if_none_match];
  view.if_none_match = std::string_view(if_none_match.data(), if_none_match.size());
  const HttpAnswer answer = router.router.handle(view);
  FUZZ_CHECK(statuses.count(answer.status) == 1);
  if (answer.status == 405) {
    bool has_allow = false;
    for (const auto& [name, value] : answer.headers) has_allow = has_allow || name == "Allow";
    FUZZ_CHECK(has_allow);
  }
  return 0;
}
