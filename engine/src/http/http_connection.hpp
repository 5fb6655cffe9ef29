// One client connection of the HTTP front: reads a request within deadlines and size limits,
// refuses what can be refused from its headers, hands the rest to a worker, writes the answer,
// and waits a bounded time for the next request.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "http/concurrency_cap.hpp"
#include "http/http_exchange.hpp"
#include "http/http_front.hpp"

namespace event_engine {

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // Answers the requests it publishes, or hands them to the workers.
  friend class OneEventCoalescer;

  HttpConnection(HttpFront& front, FrontSocket socket, boost::asio::ip::address client);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void start();
  // At shutdown: a connection that waits for a request, or is reading one, is closed now; one
  // whose request is being handled finishes it and then closes.
  void close_unless_handling();

 private:
  void wait_for_request();
  void read_header();
  void on_header(boost::beast::error_code error);
  void read_body();
  void on_body(boost::beast::error_code error);
  void hand_to_worker();
  // A request that the front does not answer on its own thread: run by a worker, answered here.
  void hand_to_worker_now();
  void answer_busy_later();
  void answer(HttpAnswer answer);
  // answer(RequestRouter::published_answer()), written from bytes serialised once when it can be.
  void answer_published();
  void on_written(bool keep_alive, bool linger, boost::beast::error_code error);
  // After a refusal sent before the request was read whole: the answer is sent and our side shut
  // for writing; what the client still sends is discarded, within http.lingering_bytes,
  // http.lingering_time_ms and http.lingering_timeout_ms, then the connection closes.
  void close_lingering();
  void discard_until_closed();
  void release_body_budget();
  void close();
  void note_read_error(boost::beast::error_code error);

  HttpFront& front_;
  FrontStream stream_;
  boost::asio::ip::address client_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  HttpRequestView request_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  boost::beast::http::response<boost::beast::http::empty_body> header_only_response_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_response_;
  std::size_t body_budget_ = 0;
  // Held while a heavy read is computed, from its admission on the I/O thread until the worker
  // that computes it is done (a slot is an atomic count: released from any thread).
  std::optional<ConcurrencyCap::Slot> heavy_slot_;
  boost::asio::steady_timer busy_delay_;
  std::size_t lingering_bytes_left_ = 0;
  std::chrono::steady_clock::time_point lingering_until_{};
  bool handling_ = false;
  bool closed_ = false;
};

}  // namespace event_engine
