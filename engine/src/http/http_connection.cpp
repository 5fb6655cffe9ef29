#include "http/http_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>

#include "http/http_method_of_verb.hpp"
#include "http/request_target.hpp"

namespace event_engine {
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

// How long a heavy read beyond http.max_concurrent_queries waits for its 429 (see answer_busy_later).
constexpr auto busy_answer_delay = std::chrono::milliseconds(100);

std::string_view view_of(beast::string_view text) { return {text.data(), text.size()}; }

template <typename Response>
void fill_head(Response& response, const HttpAnswer& result, unsigned version, bool keep_alive) {
  response.version(version == 10 ? 10 : 11);
  response.result(static_cast<unsigned>(result.status));
  for (const auto& [name, value] : result.headers) response.set(name, value);
  response.keep_alive(keep_alive);
}

void fill_with_body(http::response<http::string_body>& response, HttpAnswer result, unsigned version,
                    bool keep_alive) {
  fill_head(response, result, version, keep_alive);
  response.set(http::field::content_type, result.content_type);
  response.body() = std::move(result.body);
  response.prepare_payload();
}

// What answer() writes for RequestRouter::published_answer() to an HTTP/1.1 request kept alive,
// the answer to nearly every one-event ingestion request: serialised once, rather than by Beast's
// serializer per request, which was an eighth of the I/O thread's time.
const std::string& published_answer_bytes() {
  static const std::string bytes = [] {
    http::response<http::string_body> response;
    fill_with_body(response, RequestRouter::published_answer(), 11, true);
    std::ostringstream out;
    out << response;
    return out.str();
  }();
  return bytes;
}

}  // namespace

HttpConnection::HttpConnection(HttpFront& front, FrontSocket socket, boost::asio::ip::address client)
    : front_(front),
      stream_(std::move(socket)),
      client_(std::move(client)),
      busy_delay_(stream_.get_executor()) {
  front_.connections.insert(this);
  ++front_.per_client[client_];
  front_.counters.open.set(static_cast<double>(front_.connections.size()));
}

HttpConnection::~HttpConnection() {
  release_body_budget();
  front_.connections.erase(this);
  if (auto it = front_.per_client.find(client_); it != front_.per_client.end() && --it->second == 0)
    front_.per_client.erase(it);
  front_.counters.open.set(static_cast<double>(front_.connections.size()));
}

void HttpConnection::start() { wait_for_request(); }

void HttpConnection::close_unless_handling() {
  if (!handling_) close();
}

void HttpConnection::close() {
  if (closed_) return;
  closed_ = true;
  busy_delay_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

void HttpConnection::note_read_error(beast::error_code error) {
  if (error == beast::error::timeout) front_.counters.timed_out.add();
  close();
}

// A new connection, or one kept alive: it may wait http.idle_timeout_ms for the first byte of a
// request; then the whole request has http.request_timeout_ms.
void HttpConnection::wait_for_request() {
  if (front_.stopping) return close();
  if (buffer_.size() > 0) return read_header();
  stream_.expires_after(front_.config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                            if (error) return self->note_read_error(error);
                            self->buffer_.commit(bytes);
                            self->read_header();
                          });
}

void HttpConnection::read_header() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(front_.config.max_header_bytes));
  parser_->body_limit(front_.config.max_body_bytes);
  // One deadline for the whole request, headers and body: a client that trickles bytes cannot
  // keep the connection past it, however slowly it sends.
  stream_.expires_after(front_.config.request_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_header(error); });
}

void HttpConnection::on_header(beast::error_code error) {
  if (error == http::error::header_limit) {
    front_.counters.bad_requests.add();
    HttpAnswer refusal = text_answer(431, "request headers too large: the limit is " +
                                              std::to_string(front_.config.max_header_bytes) +
                                              " bytes (http.max_header_bytes)\n");
    refusal.close = true;
    return answer(std::move(refusal));
  }
  // Beast checks a stated Content-Length against the limit with the headers.
  if (error == http::error::body_limit) {
    front_.counters.bad_requests.add();
    // Beast asserts that the headers were read before their Content-Length is asked for.
    const boost::optional<std::uint64_t> length =
        parser_->is_header_done() ? parser_->content_length() : boost::none;
    HttpAnswer refusal = text_answer(
        413, "request body too large: " + (length ? std::to_string(*length) + " bytes, " : std::string()) +
                 "the limit is " + std::to_string(front_.config.max_body_bytes) +
                 " bytes (http.max_body_bytes)\n");
    refusal.close = true;
    return answer(std::move(refusal));
  }
  if (error == beast::error::timeout || error == http::error::end_of_stream ||
      error == boost::asio::error::eof || error == boost::asio::error::connection_reset ||
      error == boost::asio::error::operation_aborted || error == http::error::partial_message) {
    return note_read_error(error);
  }
  if (error) {
    front_.counters.bad_requests.add();
    HttpAnswer refusal = text_answer(400, "bad request: " + error.message() + "\n");
    refusal.close = true;
    return answer(std::move(refusal));
  }

  const auto& header = parser_->get();
  std::optional<RequestTarget> target = parse_request_target(view_of(header.target()));
  if (!target) {
    front_.counters.bad_requests.add();
    HttpAnswer refusal = text_answer(400, "bad request: the target is not a decodable path\n");
    refusal.close = true;
    return answer(std::move(refusal));
  }
  request_.method = method_of(header.method());
  request_.path = std::move(target->path);
  request_.query = std::move(target->query);
  request_.authorization = view_of(header[http::field::authorization]);
  request_.if_none_match = view_of(header[http::field::if_none_match]);
  const auto idempotency_key = header.find("Idempotency-Key");
  request_.idempotency_key.reset();
  if (idempotency_key != header.end()) request_.idempotency_key = view_of(idempotency_key->value());
  request_.body = {};

  if (std::optional<HttpAnswer> refusal =
          front_.router.refuse_early(request_.method, request_.path, request_.authorization,
                                     view_of(header[http::field::content_encoding]))) {
    // The body, if any, was not read: the connection cannot carry another request.
    refusal->close = !parser_->is_done();
    return answer(std::move(*refusal));
  }
  if (parser_->is_done()) return hand_to_worker();

  const boost::optional<std::uint64_t> length = parser_->content_length();
  // Bodies are held in memory until handled: their sum is bounded, whatever the connections do.
  const std::size_t budget = length ? static_cast<std::size_t>(*length) : front_.config.max_body_bytes;
  if (front_.pending_body_bytes + budget > front_.config.max_pending_body_bytes) {
    HttpAnswer refusal = text_answer(503,
                                     "busy: too many request bodies in progress "
                                     "(http.max_pending_body_bytes); retry\n");
    refusal.header("Retry-After", "1");
    refusal.close = true;
    return answer(std::move(refusal));
  }
  body_budget_ = budget;
  front_.pending_body_bytes += budget;

  if (beast::iequals(header[http::field::expect], "100-continue")) {
    continue_response_ = {};
    continue_response_.version(11);
    continue_response_.result(http::status::continue_);
    http::async_write(stream_, continue_response_,
                      [self = shared_from_this()](beast::error_code write_error, std::size_t) {
                        if (write_error) return self->close();
                        self->read_body();
                      });
    return;
  }
  read_body();
}

void HttpConnection::read_body() {
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_body(error); });
}

void HttpConnection::on_body(beast::error_code error) {
  if (error == http::error::body_limit) {
    front_.counters.bad_requests.add();
    HttpAnswer refusal =
        text_answer(413, "request body too large: the limit is " +
                             std::to_string(front_.config.max_body_bytes) + " bytes (http.max_body_bytes)\n");
    refusal.close = true;
    return answer(std::move(refusal));
  }
  if (error) return note_read_error(error);
  hand_to_worker();
}

void HttpConnection::hand_to_worker() {
  // Read whole just as a stopping server closed the connection: nobody can be told the answer,
  // so the request is not handled (publishing it would take an event its client sends again).
  if (closed_) return;
  request_.body = parser_->get().body();
  if (front_.router.answers_at_once(request_)) {
    handling_ = true;
    return answer(front_.router.handle(request_));
  }
  // One event that the broker takes without waiting: published here with the others of this
  // turn, with no hop to a worker and back (two thread wake-ups, the most of this front's time per
  // request).
  if (front_.one_event_requests.add(shared_from_this(), request_)) {
    handling_ = true;
    return;
  }
  hand_to_worker_now();
}

void HttpConnection::hand_to_worker_now() {
  const bool heavy = front_.router.is_heavy(request_);
  if (heavy) {
    ConcurrencyCap::Slot slot = front_.router.admit_heavy();
    if (!slot) return answer_busy_later();
    heavy_slot_.emplace(std::move(slot));
  }
  handling_ = true;
  stream_.expires_never();
  {
    std::lock_guard lock(front_.in_flight_mutex);
    ++front_.in_flight;
  }
  // The last reference must be dropped on the I/O thread, which owns the connection's
  // bookkeeping: the worker moves its reference into the answer it posts there.
  PublishingThreadPool& pool = heavy ? front_.heavy_workers : front_.workers;
  pool.enqueue([self = shared_from_this()]() mutable {
    HttpAnswer result = self->front_.router.handle(self->request_);
    self->heavy_slot_.reset();
    HttpFront& front = self->front_;
    boost::asio::post(front.io, [self = std::move(self), result = std::move(result)]() mutable {
      self->answer(std::move(result));
      std::lock_guard lock(self->front_.in_flight_mutex);
      if (--self->front_.in_flight == 0) self->front_.in_flight_done.notify_all();
    });
  });
}

// A client that asks again at once, whatever Retry-After says, would cost the front an answer per
// loop, thousands a second, and with it the core that ingestion and the pipeline wake on. The 429
// waits a little first, on a timer (no thread is held), so such a client asks ten times a second.
void HttpConnection::answer_busy_later() {
  busy_delay_.expires_after(busy_answer_delay);
  busy_delay_.async_wait([self = shared_from_this()](boost::system::error_code) {
    if (self->closed_) return;
    self->answer(self->front_.router.busy_answer());
  });
}

void HttpConnection::answer(HttpAnswer result) {
  if (closed_) {
    handling_ = false;
    return;
  }
  const auto& request = parser_->get();
  const bool keep_alive = !result.close && !front_.stopping && request.keep_alive();
  // Refused before the request was read whole: the client may be sending it still.
  const bool linger = !keep_alive && !parser_->is_done();
  // A slow reader of the answer has as long as a request may take, then it is dropped.
  stream_.expires_after(front_.config.request_timeout);
  const bool no_body = request_.method == HttpMethod::head || result.status == 204 || result.status == 304;
  if (no_body) {
    header_only_response_ = {};
    fill_head(header_only_response_, result, request.version(), keep_alive);
    if (result.status != 204 && result.status != 304) {
      header_only_response_.set(http::field::content_type, result.content_type);
      header_only_response_.content_length(result.body.size());
    }
    http::async_write(stream_, header_only_response_,
                      [self = shared_from_this(), keep_alive, linger](beast::error_code error, std::size_t) {
                        self->on_written(keep_alive, linger, error);
                      });
    return;
  }
  response_ = {};
  fill_with_body(response_, std::move(result), request.version(), keep_alive);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive, linger](beast::error_code error, std::size_t) {
                      self->on_written(keep_alive, linger, error);
                    });
}

void HttpConnection::answer_published() {
  const auto& request = parser_->get();
  if (closed_ || front_.stopping || request.version() != 11 || !request.keep_alive())
    return answer(RequestRouter::published_answer());
  stream_.expires_after(front_.config.request_timeout);
  const std::string& bytes = published_answer_bytes();
  boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                           [self = shared_from_this()](beast::error_code error, std::size_t) {
                             self->on_written(true, false, error);
                           });
}

void HttpConnection::on_written(bool keep_alive, bool linger, beast::error_code error) {
  // Handled until written: a stopping server must not close a connection with its answer half
  // sent (the event was published; the client would be told nothing and send it again).
  handling_ = false;
  release_body_budget();
  response_.body().clear();
  response_.body().shrink_to_fit();
  parser_.reset();
  request_ = {};
  if (error) return close();
  if (linger) return close_lingering();
  if (!keep_alive) return close();
  wait_for_request();
}

// Closing a socket whose receive queue holds unread bytes makes the kernel send a reset, which
// can reach the client before it has read the answer: Python's urllib and requests, which send the
// whole body before reading, then report a reset instead of the 413. RFC 9112 section 9.6.
void HttpConnection::close_lingering() {
  if (closed_ || front_.stopping) return close();
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  lingering_until_ = std::chrono::steady_clock::now() + front_.config.lingering_time;
  lingering_bytes_left_ = front_.config.lingering_bytes;
  discard_until_closed();
}

void HttpConnection::discard_until_closed() {
  // What the parser had read beyond the headers counts too.
  const std::size_t buffered = buffer_.size();
  buffer_.consume(buffered);
  const auto now = std::chrono::steady_clock::now();
  if (closed_ || front_.stopping || buffered > lingering_bytes_left_ || now >= lingering_until_)
    return close();
  lingering_bytes_left_ -= buffered;
  stream_.expires_after(
      std::min<std::chrono::steady_clock::duration>(front_.config.lingering_timeout, lingering_until_ - now));
  stream_.async_read_some(buffer_.prepare(16384),
                          [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                            // The client's end of the request, its close, or a bound: closed.
                            if (error) return self->close();
                            self->buffer_.commit(bytes);
                            self->discard_until_closed();
                          });
}

void HttpConnection::release_body_budget() {
  front_.pending_body_bytes -= body_budget_;
  body_budget_ = 0;
}

}  // namespace event_engine
