// What the HTTP front hands the router and gets back: plain values, free of any HTTP library's
// types, so routing and its tests compile without Boost.Beast.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event_engine/model.hpp"

namespace event_engine {

enum class HttpMethod { get, head, post, put, patch, delete_, options, other };

struct HttpRequestView {
  HttpMethod method = HttpMethod::get;
  std::string path;       // percent-decoded, without the query
  QueryParameters query;  // percent-decoded
  std::string_view authorization;
  std::string_view if_none_match;
  // Idempotency-Key, when the request has one (possibly empty, which is refused).
  std::optional<std::string_view> idempotency_key;
  std::string_view body;
};

struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // The connection is closed after this answer (the request's body was not read, say).
  bool close = false;

  HttpAnswer& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

inline HttpAnswer text_answer(int status, std::string text) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = std::move(text);
  return answer;
}

}  // namespace event_engine
