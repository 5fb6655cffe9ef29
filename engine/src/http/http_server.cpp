#include "http/http_server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "http/http_connection.hpp"
#include "http/http_front.hpp"
#include "observability/rate_limited_log.hpp"
#include "observability/thread_name.hpp"

namespace event_engine {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

BearerToken token_from_environment(const HttpConfig& config) {
  if (config.auth.token_env.empty()) return BearerToken();
  const char* value = std::getenv(config.auth.token_env.c_str());
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error("http.auth.token_env names the environment variable " + config.auth.token_env +
                             ", which is unset or empty: set it to the bearer token, or remove http.auth");
  }
  return BearerToken(value);
}

// Each connection is a descriptor: the soft limit (often 1,024) must not be what refuses
// clients before http.max_connections does.
void raise_open_file_limit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t target = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
  if (limit.rlim_cur >= target) return;
  limit.rlim_cur = target;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

HttpFrontCounters::HttpFrontCounters(Metrics& metrics)
    : open(metrics.gauge("event_engine_http_connections_open", "HTTP connections open")),
      accepted(metrics.counter("event_engine_http_connections_accepted_total", "HTTP connections accepted")),
      refused(metrics.counter("event_engine_http_connections_refused_total",
                              "HTTP connections answered 503 and closed at once: over http.max_connections "
                              "or http.max_connections_per_client")),
      timed_out(metrics.counter("event_engine_http_connections_timed_out_total",
                                "HTTP connections closed because a request took longer than "
                                "http.request_timeout_ms or none came within http.idle_timeout_ms")),
      bad_requests(metrics.counter("event_engine_http_bad_requests_total",
                                   "Requests refused before handling: malformed, or over a size limit")) {}

struct HttpServer::Implementation {
  Implementation(const HttpConfig& http_config, const std::vector<IngestRoute>& ingest_routes,
                 HttpServices services, std::shared_ptr<spdlog::logger> log)
      : config(http_config),
        routes(ingest_routes),
        metrics(*services.metrics),
        broker(services.ingest_broker),
        router(config, routes, std::move(services), token_from_environment(config), log),
        logger(std::move(log)),
        accept_failures(logger, std::chrono::seconds(5)) {}

  void accept();
  void on_accept(boost::system::error_code error, FrontSocket socket);
  void refuse(FrontSocket& socket);

  const HttpConfig& config;
  std::vector<IngestRoute> routes;
  Metrics& metrics;
  Broker* broker;
  RequestRouter router;
  std::shared_ptr<spdlog::logger> logger;
  RateLimitedLog accept_failures;
  std::optional<PublishingThreadPool> workers;
  std::optional<PublishingThreadPool> heavy_workers;
  std::optional<HttpFront> front;
  std::optional<FrontAcceptor> acceptor;
  std::optional<asio::steady_timer> accept_retry;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::thread io_thread;
  int bound_port = 0;
};

void HttpServer::Implementation::accept() {
  acceptor->async_accept(
      [this](boost::system::error_code error, FrontSocket socket) { on_accept(error, std::move(socket)); });
}

// A connection over the limits gets a short 503 written straight into its empty send buffer and
// is closed: no read, no wait, nothing held.
void HttpServer::Implementation::refuse(FrontSocket& socket) {
  static const std::string busy = [] {
    const std::string text =
        "busy: too many connections (http.max_connections, http.max_connections_per_client); retry\n";
    return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
           "Content-Type: text/plain\r\nContent-Length: " +
           std::to_string(text.size()) + "\r\n\r\n" + text;
  }();
  front->counters.refused.add();
  boost::system::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(asio::buffer(busy.data(), busy.size()), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void HttpServer::Implementation::on_accept(boost::system::error_code error, FrontSocket socket) {
  if (front->stopping || error == asio::error::operation_aborted) return;
  if (error) {
    // Out of descriptors, say: wait a little rather than spin, and keep serving who is connected.
    accept_failures.warn(1, "HTTP accept failed: " + error.message());
    accept_retry->expires_after(std::chrono::milliseconds(50));
    accept_retry->async_wait([this](boost::system::error_code wait_error) {
      if (!wait_error && !front->stopping) accept();
    });
    return;
  }
  front->counters.accepted.add();
  boost::system::error_code endpoint_error;
  const asio::ip::address client = socket.remote_endpoint(endpoint_error).address();
  const auto from_client = front->per_client.find(client);
  const std::size_t client_connections = from_client == front->per_client.end() ? 0 : from_client->second;
  const bool over_total = front->connections.size() >= config.max_connections;
  const bool over_client =
      config.max_connections_per_client > 0 && client_connections >= config.max_connections_per_client;
  if (endpoint_error || over_total || over_client) {
    refuse(socket);
  } else {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<HttpConnection>(*front, std::move(socket), client)->start();
  }
  accept();
}

HttpServer::HttpServer(const HttpConfig& config, const std::vector<IngestRoute>& routes,
                       HttpServices services, std::shared_ptr<spdlog::logger> logger)
    : implementation_(
          std::make_unique<Implementation>(config, routes, std::move(services), std::move(logger))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start(int listening_socket) {
  Implementation& self = *implementation_;
  raise_open_file_limit(self.config.max_connections + 256);
  self.workers.emplace(
      PublishingThreadPool::Threads{static_cast<std::size_t>(self.config.threads), "http-worker"},
      self.broker);
  // One thread per heavy read allowed at once: the front answers 429 to the rest itself.
  self.heavy_workers.emplace(
      PublishingThreadPool::Threads{.count = static_cast<std::size_t>(self.config.max_concurrent_queries),
                                    .name = "http-query",
                                    .idle_priority = true},
      nullptr);
  self.front.emplace(self.config, self.router, *self.workers, *self.heavy_workers, self.metrics, self.logger);
  asio::io_context& io = self.front->io;
  self.accept_retry.emplace(io);
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(self.config.host),
                                 static_cast<unsigned short>(self.config.port));
    self.acceptor.emplace(io.get_executor());
    if (listening_socket >= 0) {
      const int duplicate = ::fcntl(listening_socket, F_DUPFD_CLOEXEC, 0);
      if (duplicate < 0)
        throw std::runtime_error(std::string("cannot reuse the HTTP socket: ") + std::strerror(errno));
      boost::system::error_code assigned;
      self.acceptor->assign(endpoint.protocol(), duplicate, assigned);
      if (assigned) {
        ::close(duplicate);
        throw boost::system::system_error(assigned);
      }
    } else {
      self.acceptor->open(endpoint.protocol());
      // SO_REUSEADDR alone allows a quick restart; SO_REUSEPORT is not set, so a second engine
      // cannot bind the same port and silently take half the requests.
      self.acceptor->set_option(tcp::acceptor::reuse_address(true));
      self.acceptor->bind(endpoint);
      self.acceptor->listen(asio::socket_base::max_listen_connections);
    }
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error("cannot listen on " + self.config.host + ":" + std::to_string(self.config.port) +
                             " (" + error.code().message() +
                             "; in use, or not an address of this machine); change http.listen");
  }
  self.bound_port = self.acceptor->local_endpoint().port();
  self.keep_running.emplace(io.get_executor());
  self.accept();
  self.io_thread = std::thread([&io, &workers = *self.workers] {
    name_this_thread("http-listener");
    // Its own publisher, for the one-event ingestion requests it publishes without waiting.
    const PublishingThreadPool::ThreadPublisher publisher(workers);
    io.run();
  });
  self.logger->info("HTTP listening on http://{}:{}/", self.config.host, self.bound_port);
}

void HttpServer::stop() {
  Implementation& self = *implementation_;
  if (!self.io_thread.joinable()) return;
  HttpFront& front = *self.front;
  asio::post(front.io, [&self, &front] {
    front.stopping = true;
    boost::system::error_code ignored;
    self.acceptor->close(ignored);
    self.accept_retry->cancel();
    // Copied: closing a connection may end it, which takes it out of the set.
    const std::vector<HttpConnection*> open(front.connections.begin(), front.connections.end());
    for (HttpConnection* connection : open) connection->close_unless_handling();
  });
  {
    // Requests already handed to workers are answered (their events are published) first.
    std::unique_lock lock(front.in_flight_mutex);
    front.in_flight_done.wait_for(lock, std::chrono::seconds(10), [&front] { return front.in_flight == 0; });
  }
  self.keep_running.reset();
  asio::post(front.io, [&front] {
    const std::vector<HttpConnection*> open(front.connections.begin(), front.connections.end());
    for (HttpConnection* connection : open) connection->close_unless_handling();
  });
  self.io_thread.join();
  self.workers->shutdown();
  self.heavy_workers->shutdown();
  // A request that reached a worker after the wait above was handled meanwhile (its events are
  // published): its answer waits in the queue. Written now, not dropped with the io_context:
  // the connection is not kept alive after it, and its write has a deadline, so this ends.
  front.io.restart();
  front.io.run();
}

int HttpServer::port() const noexcept { return implementation_->bound_port; }

int HttpServer::listening_socket() const {
  Implementation& self = *implementation_;
  return self.acceptor && self.io_thread.joinable() ? self.acceptor->native_handle() : -1;
}

}  // namespace event_engine
