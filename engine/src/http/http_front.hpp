// What every connection of the HTTP front shares: the limits, the router, the workers that run
// handlers, and the counts that bound connections and buffered bodies. Lives on the server's one
// I/O thread, except where a member says otherwise.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "config/pipeline_config.hpp"
#include "event_engine/metrics.hpp"
#include "http/one_event_coalescer.hpp"
#include "http/publishing_thread_pool.hpp"
#include "http/request_router.hpp"

namespace event_engine {

class HttpConnection;

// The front's sockets are bound to its one io_context's own executor type rather than Asio's
// default, the type-erased any_io_executor: copying and destroying that erased executor, which
// Beast's stream does for every operation, was a tenth of the I/O thread's time per request.
using FrontExecutor = boost::asio::io_context::executor_type;
using FrontAcceptor = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, FrontExecutor>;
using FrontSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, FrontExecutor>;
using FrontStream =
    boost::beast::basic_stream<boost::asio::ip::tcp, FrontExecutor, boost::beast::unlimited_rate_policy>;

struct HttpFrontCounters {
  explicit HttpFrontCounters(Metrics& metrics);
  Gauge& open;
  Counter& accepted;
  Counter& refused;
  Counter& timed_out;
  Counter& bad_requests;
};

struct HttpFront {
  HttpFront(const HttpConfig& http_config, RequestRouter& request_router, PublishingThreadPool& pool,
            PublishingThreadPool& heavy_pool, Metrics& metrics, std::shared_ptr<spdlog::logger> log)
      : config(http_config),
        router(request_router),
        workers(pool),
        heavy_workers(heavy_pool),
        counters(metrics),
        logger(std::move(log)),
        one_event_requests(io, request_router) {}

  const HttpConfig& config;
  RequestRouter& router;
  PublishingThreadPool& workers;
  PublishingThreadPool& heavy_workers;  // model queries and plots, at a lower priority
  HttpFrontCounters counters;
  std::shared_ptr<spdlog::logger> logger;

  // Connections open, in all and per client address; bounded by http.max_connections and
  // http.max_connections_per_client.
  std::unordered_set<HttpConnection*> connections;
  std::map<boost::asio::ip::address, std::size_t> per_client;
  // Bytes of request bodies being read or handled, bounded by http.max_pending_body_bytes.
  std::size_t pending_body_bytes = 0;
  bool stopping = false;

  // Requests handed to the workers and not yet answered; read by stop() on another thread.
  std::mutex in_flight_mutex;
  std::condition_variable in_flight_done;
  std::size_t in_flight = 0;

  // The one-event ingestion requests of the I/O thread's current turn, published together. After
  // the tables: a request it still holds when it is destroyed leaves them as it ends.
  OneEventCoalescer one_event_requests;

  // Last, so destroyed first: a worker's answer posted after the listener stopped is destroyed
  // unrun with the io_context, and the connection it holds then leaves the tables above, which
  // must still exist (declared before them, its end freed the tables twice).
  boost::asio::io_context io;
};

}  // namespace event_engine
