// What each HTTP request gets: the routes of a pipeline (ingestion, /events, the model's read
// side, health and metrics, the live page), their methods, the bearer token and the cap on heavy
// reads. Knows nothing of sockets: the connection hands it decoded requests.
#pragma once

#include <spdlog/logger.h>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/pipeline_config.hpp"
#include "decisions/decision_log.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/visualiser.hpp"
#include "experiments/experiments_config.hpp"
#include "group/group_view.hpp"
#include "http/bearer_token.hpp"
#include "http/concurrency_cap.hpp"
#include "http/http_exchange.hpp"
#include "http/ingest_route_matcher.hpp"
#include "keys/key_removals.hpp"
#include "observability/metrics_registry.hpp"
#include "observability/rate_limited_log.hpp"
#include "pipeline/model_host.hpp"

namespace event_engine {

struct HttpServices {
  Broker* ingest_broker = nullptr;         // null: no ingestion routes
  std::string ingest_broker_name;          // its plugin's name, for the answers that name it
  const ModelHost* model = nullptr;        // null: no /model, /plot.png
  const Visualiser* plotter = nullptr;     // encodes /plot.png and /plot.svg; may be null
  GroupView* group = nullptr;              // null: no ?scope=group
  KeyRemovals* key_removals = nullptr;     // null: no DELETE /keys
  const DecisionLog* decisions = nullptr;  // null: GET /decisions answers 404
  // process.experiments: the splits GET /model/srm tests against when the request gives none.
  std::vector<ExperimentConfig> experiments;
  MetricsRegistry* metrics = nullptr;
  // Empty when the process is ready; otherwise why not (answered by /readyz with 503).
  std::function<std::string()> not_ready_reason;
  // While the engine waits at start for its store or broker: the model is not restored yet, so
  // its routes (/model, /keys, /decisions, the plots) answer 503 with not_ready_reason().
  bool starting = false;
};

class RequestRouter {
 public:
  RequestRouter(const HttpConfig& config, const std::vector<IngestRoute>& routes, HttpServices services,
                BearerToken token, std::shared_ptr<spdlog::logger> logger);

  // What can be told from the request line and headers alone: an unknown path (404), a method
  // the route does not take (405), a missing token (401), a compressed body (415). The front
  // answers these before reading a body.
  std::optional<HttpAnswer> refuse_early(HttpMethod method, const std::string& path,
                                         std::string_view authorization,
                                         std::string_view content_encoding) const;

  // Whether a request is a heavy read (a model query, a plot, the group's view), run on the
  // front's lower-priority workers and capped by http.max_concurrent_queries.
  bool is_heavy(const HttpRequestView& request) const;

  // Whether the answer comes from memory the engine owns, with no call that may block or take
  // long: liveness, metrics, the live page, the model's compact summary (from its published
  // snapshot, the poller's read). The front answers these on its own thread: a hop to a worker
  // and back is two thread wake-ups, and on a machine whose cores are busy each one costs tens of
  // microseconds, at the tail milliseconds (BENCHMARKS.md, publish_to_visible).
  bool answers_at_once(const HttpRequestView& request) const;

  // A heavy read's place among the http.max_concurrent_queries that may run at once, or an empty
  // slot when they are all taken: the front then answers busy_answer() at once, on its own
  // thread, so that a client asking in a loop beyond the cap costs no hop to a worker and back
  // (from an idle-priority worker, that hop woke the front's thread late, up to a scheduler tick).
  ConcurrencyCap::Slot admit_heavy() noexcept { return heavy_requests_.try_acquire(); }
  // The 429 for a heavy read beyond the cap; counted.
  HttpAnswer busy_answer();

  // On the front's I/O thread, for a one-event ingestion request (GET or POST on an ingestion
  // route, its value accepted, no Idempotency-Key) when this thread has a publisher that can publish
  // without waiting (PublishingThreadPool::current_publisher_without_waiting): the route and value
  // matched, its event to be added to a batch with add_event_of() and published with
  // publish_without_waiting(). Nothing for any other request, which a worker handles.
  std::optional<RouteMatch> match_to_publish_without_waiting(const HttpRequestView& request);
  // The event a matched ingestion request publishes (a keyed route's "key<separator>value").
  static void add_event_of(const RouteMatch& match, EventBatch& batch);
  // Publishes the events of such requests if that needs no wait, counted as handle() counts them;
  // false, having published nothing, when the publish would wait (a full queue, a broker whose
  // publishers cannot tell) or fails: each request then goes to a worker, which may wait.
  bool publish_without_waiting(std::string_view topic, const EventBatch& events);
  // What each of those requests is answered once its event is published: handle()'s answer.
  static HttpAnswer published_answer();

  // The answer to a whole request. Runs on a worker thread (on the front's, for what
  // answers_at_once): it may publish to the broker or compute a model query. A HEAD request is
  // answered as GET would be, and publishes nothing. A heavy read is computed whatever the cap:
  // its caller holds a slot from admit_heavy() meanwhile. An exception from a plugin (a model's
  // query or summary, a plotter) is answered 500 and logged at a limited rate: let out of the
  // thread that runs the handler, it would end the process.
  HttpAnswer handle(const HttpRequestView& request);

 private:
  enum class Route {
    live_page,
    ingest_description,
    model_summary,
    keys,
    decisions,
    model_query,
    plot_png,
    plot_svg,
    plot_query,
    healthz,
    readyz,
    model_not_restored,
    metrics,
    events,
    ingest_value,
    not_found,
  };
  HttpAnswer route(const HttpRequestView& request);
  Route resolve(const std::string& path) const;
  static std::string_view allowed_methods(Route route);
  static bool allows(Route route, HttpMethod method);
  bool needs_token(Route route, HttpMethod method) const;

  HttpAnswer publish_value(const HttpRequestView& request);
  HttpAnswer publish_body(const HttpRequestView& request);
  // Publishes `events` for a request: once per Idempotency-Key when it has one. `stored` is the
  // answer when this request stored them; a retry of a stored request answers 202 with
  // "duplicate": true, a key reused for another body 422, a broker that cannot deduplicate 400.
  HttpAnswer publish_events(const HttpRequestView& request, const IngestRoute& route,
                            std::string_view fingerprinted, const EventBatch& events, HttpAnswer stored);
  HttpAnswer serve_model(const HttpRequestView& request);
  HttpAnswer serve_query(const HttpRequestView& request);
  HttpAnswer serve_plot(const std::string& format);
  HttpAnswer serve_query_plot(const HttpRequestView& request);
  // Keyed pipelines: GET /keys, and /plot.png?key=K or ?keys=A,B,C (their posteriors overlaid).
  HttpAnswer serve_keys(const HttpRequestView& request);
  HttpAnswer serve_keys_plot(const HttpRequestView& request, const std::string& format);
  // DELETE /keys?key=K: the pipeline drops K's state.
  HttpAnswer remove_key(const HttpRequestView& request);
  // The state a read asks for: this engine's, or with ?scope=group the group's merged state; or
  // the answer that refuses the scope.
  std::variant<std::shared_ptr<const PublishedModel>, HttpAnswer> state_asked(const HttpRequestView& request);
  // A question over keys (?a=&b=, ?keys=, ?prefix=): the state asked, its keys resolved, the other
  // parameters (with process.experiments' split for srm); or the answer that refuses it.
  struct KeysQuery {
    std::shared_ptr<const PublishedModel> state;
    std::vector<NamedSlot> keys;
    QueryParameters parameters;
  };
  std::variant<KeysQuery, HttpAnswer> keys_query_asked(const HttpRequestView& request, std::string_view name);
  // ?scope=group: the group's latest read, or the answer that refuses it (400, 404, 409, 503).
  std::variant<std::shared_ptr<const GroupState>, HttpAnswer> group_asked(const HttpRequestView& request);
  static bool asks_for_key(const HttpRequestView& request);
  // The slot of the request's `key`, or the answer that refuses it (400 unkeyed, 404 unknown).
  static std::variant<std::uint32_t, HttpAnswer> slot_asked(const PublishedModel& state,
                                                            const HttpRequestView& request);
  // ?scope=... on /model or a plot: the group's merged state (process.group), on a worker under
  // the cap on heavy reads, since a read of the group may go to the store.
  static bool asks_for_group(const HttpRequestView& request);
  static bool asks_for_compact(const HttpRequestView& request);
  HttpAnswer serve_group(const HttpRequestView& request, Route route);
  HttpAnswer serve_live_page(const HttpRequestView& request) const;
  HttpAnswer serve_readiness() const;

  // The latest image of the model, encoded once per model version however often it is asked for.
  struct PlotCache {
    std::mutex mutex;
    std::uint64_t png_version = 0;
    std::string png;
    std::uint64_t svg_version = 0;
    std::string svg;
    std::uint64_t group_version = 0;
    std::string group_format;
    std::string group_image;
  };

  const HttpConfig& config_;
  const std::vector<IngestRoute>& routes_;
  IngestRouteMatcher matcher_;
  HttpServices services_;
  BearerToken token_;
  std::shared_ptr<spdlog::logger> logger_;
  ConcurrencyCap heavy_requests_;
  PlotCache plots_;
  Counter& received_;
  Counter& published_;
  Counter& refused_;
  Counter& publish_failures_;
  Counter& duplicates_;
  Counter& idempotency_conflicts_;
  Counter& unauthorised_;
  Counter& busy_;
  Counter& handler_failures_;
  std::mutex failure_log_mutex_;  // handlers run on every worker and on the front's thread
  RateLimitedLog failure_log_;
};

}  // namespace event_engine
