// The HTTP face of a pipeline: ingestion routes that publish to the broker, and the read side
// (/model, /plot.png, /metrics, /healthz, /readyz) of a process that runs a model.
//
// An event-driven front (Boost.Asio and Boost.Beast) on one I/O thread reads requests within a
// whole-request deadline and size limits and bounds connections in all and per client; complete
// requests run on a pool of worker threads (each with its own broker publisher), so a slow or
// idle client holds no thread. A one-event ingestion request whose publish needs no wait (the zmq
// broker's, below its high-water mark) is published and answered on the I/O thread itself, with
// a publisher of its own.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "http/request_router.hpp"

namespace event_engine {

class HttpServer {
 public:
  HttpServer(const HttpConfig& config, const std::vector<IngestRoute>& routes, HttpServices services,
             std::shared_ptr<spdlog::logger> logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Throws std::runtime_error if it cannot bind, or when the bearer
  // token's environment variable (http.auth.token_env) is unset or empty. Given
  // `listening_socket` (a socket another server of this process listened on, kept open by its
  // caller), serves on a duplicate of it instead of binding: connections that arrived meanwhile
  // wait in its backlog rather than being refused.
  void start(int listening_socket = -1);
  // Stops accepting, answers the requests being handled, closes every connection and joins the
  // threads.
  void stop();
  int port() const noexcept;
  // The socket it listens on, while started; duplicate it to keep it open after stop().
  int listening_socket() const;

 private:
  struct Implementation;
  std::unique_ptr<Implementation> implementation_;
};

}  // namespace event_engine
