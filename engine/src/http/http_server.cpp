#include "http/http_server.hpp"

#include <httplib.h>
#include <mutex>
#include <thread>

#include "http/event_body_parser.hpp"
#include "http/ingest_route_matcher.hpp"
#include "http/live_page/live_page.hpp"
#include "http/publishing_thread_pool.hpp"
#include "observability/thread_name.hpp"

namespace event_engine {
namespace {

// The latest image of the model, encoded once per model version however often it is asked for.
class PlotCache {
 public:
  std::string get(const ModelHost& model, const Visualiser& plotter, const std::string& format) {
    std::lock_guard lock(mutex_);
    const std::uint64_t version = model.version();
    auto& entry = format == "svg" ? svg_ : png_;
    if (!entry.bytes.empty() && entry.version == version) return entry.bytes;
    entry.bytes = plotter.encode(model.view(), format);
    entry.version = version;
    return entry.bytes;
  }

 private:
  struct Entry {
    std::uint64_t version = 0;
    std::string bytes;
  };
  std::mutex mutex_;
  Entry png_;
  Entry svg_;
};

}  // namespace

struct HttpServer::Implementation {
  Implementation(const HttpConfig& http_config, const std::vector<IngestRoute>& ingest_routes,
                 HttpServices given, std::shared_ptr<spdlog::logger> log)
      : config(http_config),
        routes(ingest_routes),
        matcher(routes),
        services(std::move(given)),
        logger(std::move(log)),
        received(services.metrics->counter("event_engine_http_events_received_total",
                                           "Events received over HTTP ingestion routes and POST /events")),
        published(services.metrics->counter("event_engine_events_published_total",
                                            "Events the HTTP ingestion published to the broker")),
        refused(services.metrics->counter("event_engine_http_refused_total",
                                          "Ingestion requests answered with a 4xx")),
        publish_failures(services.metrics->counter("event_engine_http_publish_failures_total",
                                                   "Ingestion requests whose publish to the broker failed")) {
  }

  void install_routes();
  void publish_value(const httplib::Request& request, httplib::Response& response);
  void publish_body(const httplib::Request& request, httplib::Response& response);
  void serve_model(const httplib::Request& request, httplib::Response& response);
  void serve_query(const httplib::Request& request, httplib::Response& response);
  void serve_plot(const std::string& format, httplib::Response& response);
  void serve_live_page(const httplib::Request& request, httplib::Response& response);

  HttpConfig config;
  std::vector<IngestRoute> routes;
  IngestRouteMatcher matcher;
  HttpServices services;
  std::shared_ptr<spdlog::logger> logger;
  httplib::Server server;
  std::thread thread;
  int bound_port = 0;
  PlotCache plots;
  Counter& received;
  Counter& published;
  Counter& refused;
  Counter& publish_failures;
};

namespace {

void answer_text(httplib::Response& response, int status, const std::string& text) {
  response.status = status;
  response.set_content(text, "text/plain; charset=utf-8");
}

void answer_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

// Matches every path; the handler decides between an ingestion route and 404.
const char* const any_path = R"(/.*)";

}  // namespace

void HttpServer::Implementation::install_routes() {
  // Before the ingestion catch-all below, which would answer these paths with 404.
  server.Get("/", [this](const httplib::Request& rq, httplib::Response& rs) { serve_live_page(rq, rs); });
  server.Get("/ingest", [this](const httplib::Request&, httplib::Response& rs) {
    rs.set_header("Cache-Control", "no-cache");
    answer_json(rs, 200, live_page::ingest_description(routes));
  });
  if (services.model != nullptr) {
    server.Get("/model", [this](const httplib::Request& rq, httplib::Response& rs) { serve_model(rq, rs); });
    server.Get(R"(/model/([A-Za-z0-9_\-]+))",
               [this](const httplib::Request& rq, httplib::Response& rs) { serve_query(rq, rs); });
    if (services.plotter != nullptr) {
      server.Get("/plot.png",
                 [this](const httplib::Request&, httplib::Response& rs) { serve_plot("png", rs); });
      server.Get("/plot.svg",
                 [this](const httplib::Request&, httplib::Response& rs) { serve_plot("svg", rs); });
    }
  }
  server.Get("/healthz",
             [](const httplib::Request&, httplib::Response& rs) { answer_text(rs, 200, "ok\n"); });
  server.Get("/readyz", [this](const httplib::Request&, httplib::Response& rs) {
    const std::string reason = services.not_ready_reason ? services.not_ready_reason() : std::string();
    if (reason.empty()) {
      answer_text(rs, 200, "ready\n");
    } else {
      answer_text(rs, 503, "not ready: " + reason + "\n");
    }
  });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& rs) {
    rs.set_content(services.metrics->prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  if (services.ingest_broker != nullptr) {
    server.Post("/events",
                [this](const httplib::Request& rq, httplib::Response& rs) { publish_body(rq, rs); });
    server.Get(any_path,
               [this](const httplib::Request& rq, httplib::Response& rs) { publish_value(rq, rs); });
    server.Post(any_path,
                [this](const httplib::Request& rq, httplib::Response& rs) { publish_value(rq, rs); });
  }
  // The seed's contract: anything unknown is a plain 404 "Not found".
  server.set_error_handler([this](const httplib::Request&, httplib::Response& rs) {
    if (!rs.body.empty()) return;
    if (rs.status == 404) {
      rs.set_content("Not found", "text/plain");
    } else if (rs.status == 413) {
      rs.set_content("request body too large: the limit is " + std::to_string(config.max_body_bytes) +
                         " bytes (http.max_body_bytes)\n",
                     "text/plain");
    } else {
      rs.set_content("HTTP error " + std::to_string(rs.status) + "\n", "text/plain");
    }
  });
  server.set_exception_handler(
      [this](const httplib::Request& rq, httplib::Response& rs, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        logger->error("{} {}: {}", rq.method, rq.path, what);
        answer_text(rs, 500, "internal error: " + what + "\n");
      });
}

void HttpServer::Implementation::publish_value(const httplib::Request& request, httplib::Response& response) {
  const std::optional<RouteMatch> match = matcher.match(request.path);
  if (!match || !match->accepted) {
    refused.add();
    answer_text(response, 404, "Not found");
    return;
  }
  received.add();
  try {
    PublishingThreadPool::current_publisher().publish(match->route->topic, match->value);
  } catch (const std::exception& error) {
    publish_failures.add();
    answer_text(response, 503, std::string("broker unavailable: ") + error.what() + "\n");
    return;
  }
  published.add();
  answer_text(response, 201, "Model updated");
}

void HttpServer::Implementation::publish_body(const httplib::Request& request, httplib::Response& response) {
  const std::string topic =
      request.has_param("topic") ? request.get_param_value("topic") : routes.front().topic;
  const IngestRoute* route = matcher.route_for_topic(topic);
  if (route == nullptr) {
    refused.add();
    answer_text(response, 400, "unknown topic \"" + topic + "\": no ingestion route publishes to it\n");
    return;
  }
  // One batch per worker thread, reused, so a large body costs no per-event allocation.
  thread_local EventBatch events;
  if (std::optional<std::string> error = parse_event_body(request.body, *route, events)) {
    refused.add();
    answer_text(response, 400, *error + "; nothing was published\n");
    return;
  }
  received.add(events.size());
  try {
    PublishingThreadPool::current_publisher().publish_batch(route->topic, events);
  } catch (const std::exception& error) {
    publish_failures.add();
    answer_text(response, 503, std::string("broker unavailable: ") + error.what() + "\n");
    return;
  }
  published.add(events.size());
  answer_json(response, 202, {{"accepted", events.size()}, {"topic", route->topic}});
}

void HttpServer::Implementation::serve_model(const httplib::Request& request, httplib::Response& response) {
  const std::string compact = request.has_param("compact") ? request.get_param_value("compact") : "0";
  answer_json(response, 200, services.model->summary(compact == "1" || compact == "true"));
}

void HttpServer::Implementation::serve_query(const httplib::Request& request, httplib::Response& response) {
  QueryParameters parameters;
  for (const auto& [key, value] : request.params) parameters.emplace(key, value);
  try {
    answer_json(response, 200, services.model->query(request.matches[1].str(), parameters));
  } catch (const QueryError& error) {
    answer_text(response, error.status(), std::string(error.what()) + "\n");
  }
}

void HttpServer::Implementation::serve_plot(const std::string& format, httplib::Response& response) {
  std::string image = plots.get(*services.model, *services.plotter, format);
  if (image.empty()) {
    answer_text(response, 404, "this process's visualiser does not draw " + format + "\n");
    return;
  }
  response.set_header("Cache-Control", "no-cache");
  response.set_content(std::move(image), format == "svg" ? "image/svg+xml" : "image/png");
}

void HttpServer::Implementation::serve_live_page(const httplib::Request& request,
                                                 httplib::Response& response) {
  // no-cache: the browser revalidates every time, so a rebuilt engine's page is never stale.
  response.set_header("Cache-Control", "no-cache");
  response.set_header("ETag", live_page::etag());
  if (live_page::etag_matches(request.get_header_value("If-None-Match"))) {
    response.status = 304;
    return;
  }
  response.set_header("Content-Security-Policy", std::string(live_page::content_security_policy));
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_content(std::string(live_page::html()), "text/html; charset=utf-8");
}

HttpServer::HttpServer(const HttpConfig& config, const std::vector<IngestRoute>& routes,
                       HttpServices services, std::shared_ptr<spdlog::logger> logger)
    : implementation_(
          std::make_unique<Implementation>(config, routes, std::move(services), std::move(logger))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  Implementation& self = *implementation_;
  // Debian's cpp-httplib leaves Nagle on: keep-alive clients would stall on delayed ACKs.
  self.server.set_tcp_nodelay(true);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second engine bind the same port
  // and silently take half the requests. SO_REUSEADDR alone still allows a quick restart.
  socket_t listening = INVALID_SOCKET;
  self.server.set_socket_options([&listening](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listening = socket;
  });
  self.server.set_payload_max_length(self.config.max_body_bytes);
  // cpp-httplib serves a connection on one worker for its whole keep-alive life. Its default of 5
  // requests per connection makes busy clients reconnect all the time; 100 keeps the handshakes
  // rare while a connection that waits for a worker still gets one soon.
  self.server.set_keep_alive_max_count(100);
  Broker* broker = self.services.ingest_broker;
  const auto threads = static_cast<std::size_t>(self.config.threads);
  self.server.new_task_queue = [threads, broker] { return new PublishingThreadPool(threads, broker); };
  self.install_routes();
  if (self.config.port == 0) {
    self.bound_port = self.server.bind_to_any_port(self.config.host);
  } else {
    self.bound_port = self.server.bind_to_port(self.config.host, self.config.port) ? self.config.port : -1;
  }
  if (self.bound_port <= 0) {
    throw std::runtime_error("cannot listen on " + self.config.host + ":" + std::to_string(self.config.port) +
                             " (in use, or not an address of this machine); change http.listen");
  }
  // Debian's cpp-httplib listens with a backlog of 5: a burst of new connections overflows it and
  // each dropped SYN costs its client a one-second retransmit. Listening again raises the backlog.
  ::listen(listening, SOMAXCONN);
  self.thread = std::thread([&self] {
    name_this_thread("http-listener");
    self.server.listen_after_bind();
  });
  self.logger->info("HTTP listening on http://{}:{}/", self.config.host, self.bound_port);
}

void HttpServer::stop() {
  Implementation& self = *implementation_;
  if (!self.thread.joinable()) return;
  self.server.stop();
  self.thread.join();
}

int HttpServer::port() const noexcept { return implementation_->bound_port; }

}  // namespace event_engine
