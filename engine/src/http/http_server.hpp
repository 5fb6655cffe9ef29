// The HTTP face of a pipeline: ingestion routes that publish to the broker, and the read side
// (/model, /plot.png, /metrics, /healthz, /readyz) of a process that runs a model.
#pragma once

#include <spdlog/logger.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/visualiser.hpp"
#include "observability/metrics_registry.hpp"
#include "pipeline/model_host.hpp"

namespace event_engine {

struct HttpServices {
  Broker* ingest_broker = nullptr;      // null: no ingestion routes
  const ModelHost* model = nullptr;     // null: no /model, /plot.png
  const Visualiser* plotter = nullptr;  // encodes /plot.png and /plot.svg; may be null
  MetricsRegistry* metrics = nullptr;
  // Empty when the process is ready; otherwise why not (answered by /readyz with 503).
  std::function<std::string()> not_ready_reason;
};

class HttpServer {
 public:
  HttpServer(const HttpConfig& config, const std::vector<IngestRoute>& routes, HttpServices services,
             std::shared_ptr<spdlog::logger> logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on a thread of its own. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, finishes the requests in progress and joins the threads.
  void stop();
  int port() const noexcept;

 private:
  struct Implementation;
  std::unique_ptr<Implementation> implementation_;
};

}  // namespace event_engine
