// Beast's request verb as the router's HttpMethod: one mapping for the front and its fuzz target.
#pragma once

#include <boost/beast/http/verb.hpp>

#include "http/http_exchange.hpp"

namespace event_engine {

inline HttpMethod method_of(boost::beast::http::verb given) {
  using boost::beast::http::verb;
  switch (given) {
    case verb::get:
      return HttpMethod::get;
    case verb::head:
      return HttpMethod::head;
    case verb::post:
      return HttpMethod::post;
    case verb::put:
      return HttpMethod::put;
    case verb::patch:
      return HttpMethod::patch;
    case verb::delete_:
      return HttpMethod::delete_;
    case verb::options:
      return HttpMethod::options;
    default:
      return HttpMethod::other;
  }
}

}  // namespace event_engine
