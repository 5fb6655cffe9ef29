#include "http/request_router.hpp"

#include <unistd.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <variant>

#include "event_engine/kill_point.hpp"
#include "group/group_summary.hpp"
#include "http/event_body_parser.hpp"
#include "http/idempotency_key.hpp"
#include "http/live_page/live_page.hpp"
#include "http/publishing_thread_pool.hpp"
#include "keys/keyed_reads.hpp"
#include "pipeline/previous_state.hpp"

namespace event_engine {
namespace {

HttpAnswer json_answer(int status, const nlohmann::json& body) {
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = "application/json";
  answer.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return answer;
}

HttpAnswer not_found() { return text_answer(404, "Not found"); }

// A drawn plot, or 404 when the visualiser does not draw that format (it encoded nothing).
HttpAnswer image_answer(std::string image, const std::string& format) {
  if (image.empty()) return text_answer(404, "this process's visualiser does not draw " + format + "\n");
  HttpAnswer answer;
  answer.content_type = format == "svg" ? "image/svg+xml" : "image/png";
  answer.body = std::move(image);
  answer.header("Cache-Control", "no-cache");
  return answer;
}

constexpr std::string_view query_plot_prefix = "/plot/";
constexpr std::string_view query_plot_suffix = ".png";

// /plot/<query>.png: a model query's answer drawn, e.g. /plot/predict.png.
bool is_query_plot_path(std::string_view path) {
  if (path.size() <= query_plot_prefix.size() + query_plot_suffix.size()) return false;
  if (!path.starts_with(query_plot_prefix) || !path.ends_with(query_plot_suffix)) return false;
  const std::string_view name = path.substr(
      query_plot_prefix.size(), path.size() - query_plot_prefix.size() - query_plot_suffix.size());
  return name.find('/') == std::string_view::npos;
}

// Stored and not yet answered: the moment a client's retry without a key counts twice.
KillPoint& published_not_answered() {
  static KillPoint point("published_not_answered");
  return point;
}

// An ingestion route's one event, in a batch per thread; keyed routes make KEY<separator>VALUE, as
// process.keys reads text events.
const EventBatch& event_of(const RouteMatch& match) {
  thread_local EventBatch event;
  event.clear();
  RequestRouter::add_event_of(match, event);
  return event;
}

std::string_view query_plot_name(std::string_view path) {
  return path.substr(query_plot_prefix.size(),
                     path.size() - query_plot_prefix.size() - query_plot_suffix.size());
}

}  // namespace

RequestRouter::RequestRouter(const HttpConfig& config, const std::vector<IngestRoute>& routes,
                             HttpServices services, BearerToken token, std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      routes_(routes),
      matcher_(routes_),
      services_(std::move(services)),
      token_(std::move(token)),
      logger_(std::move(logger)),
      heavy_requests_(static_cast<std::size_t>(config.max_concurrent_queries)),
      received_(services_.metrics->counter("event_engine_http_events_received_total",
                                           "Events received over HTTP ingestion routes and POST /events")),
      published_(services_.metrics->counter("event_engine_events_published_total",
                                            "Events the HTTP ingestion published to the broker")),
      refused_(services_.metrics->counter("event_engine_http_refused_total",
                                          "Ingestion requests answered with a 4xx")),
      publish_failures_(services_.metrics->counter("event_engine_http_publish_failures_total",
                                                   "Ingestion requests whose publish to the broker failed")),
      duplicates_(services_.metrics->counter("event_engine_http_duplicate_requests_total",
                                             "Ingestion requests whose Idempotency-Key had stored their "
                                             "events before (answered 202, duplicate)")),
      idempotency_conflicts_(services_.metrics->counter(
          "event_engine_http_idempotency_conflicts_total",
          "Ingestion requests answered 422: their Idempotency-Key was used for another body")),
      unauthorised_(services_.metrics->counter("event_engine_http_unauthorised_total",
                                               "Requests answered 401: no or a wrong bearer token")),
      busy_(services_.metrics->counter("event_engine_http_busy_total",
                                       "Heavy reads (model queries, plots) answered 429 because "
                                       "http.max_concurrent_queries were running")),
      handler_failures_(services_.metrics->counter(
          "event_engine_http_handler_failures_total",
          "Requests answered 500 because a handler (a plugin's query, summary or plot) threw")),
      failure_log_(logger_, std::chrono::seconds(10)) {}

bool RequestRouter::is_heavy(const HttpRequestView& request) const {
  const Route route = resolve(request.path);
  return route == Route::model_query || route == Route::plot_png || route == Route::plot_svg ||
         route == Route::plot_query || route == Route::keys ||
         (route == Route::model_summary && (asks_for_group(request) || asks_for_key(request)));
}

bool RequestRouter::answers_at_once(const HttpRequestView& request) const {
  switch (resolve(request.path)) {
    case Route::live_page:
    case Route::ingest_description:
    case Route::healthz:
    case Route::metrics:
      return true;
    case Route::model_summary:
      return asks_for_compact(request) && !asks_for_group(request) && !asks_for_key(request);
    default:
      // /readyz asks the plugins (a store's probe may wait on the network); the rest publish,
      // compute or draw.
      return false;
  }
}

RequestRouter::Route RequestRouter::resolve(const std::string& path) const {
  if (path == "/") return Route::live_page;
  if (path == "/ingest") return Route::ingest_description;
  if (path == "/healthz") return Route::healthz;
  if (path == "/readyz") return Route::readyz;
  if (path == "/metrics") return Route::metrics;
  if (services_.starting && (path == "/model" || path.rfind("/model/", 0) == 0 || path == "/keys" ||
                             path == "/decisions" || path.rfind("/plot", 0) == 0)) {
    return Route::model_not_restored;
  }
  if (services_.model != nullptr) {
    if (path == "/model") return Route::model_summary;
    if (path == "/keys") return Route::keys;
    if (path == "/decisions") return Route::decisions;
    if (path.rfind("/model/", 0) == 0 && path.size() > 7 && path.find('/', 7) == std::string::npos)
      return Route::model_query;
    if (services_.plotter != nullptr && path == "/plot.png") return Route::plot_png;
    if (services_.plotter != nullptr && path == "/plot.svg") return Route::plot_svg;
    if (services_.plotter != nullptr && is_query_plot_path(path)) return Route::plot_query;
  }
  if (services_.ingest_broker != nullptr) {
    if (path == "/events") return Route::events;
    if (matcher_.match(path)) return Route::ingest_value;
  }
  return Route::not_found;
}

std::string_view RequestRouter::allowed_methods(Route route) {
  switch (route) {
    case Route::events:
      return "POST, OPTIONS";
    case Route::ingest_value:
      return "GET, HEAD, POST, OPTIONS";
    case Route::keys:
      return "GET, HEAD, DELETE, OPTIONS";
    default:
      return "GET, HEAD, OPTIONS";
  }
}

bool RequestRouter::allows(Route route, HttpMethod method) {
  if (method == HttpMethod::options) return true;
  switch (route) {
    case Route::events:
      return method == HttpMethod::post;
    case Route::ingest_value:
      return method == HttpMethod::get || method == HttpMethod::head || method == HttpMethod::post;
    case Route::keys:
      return method == HttpMethod::get || method == HttpMethod::head || method == HttpMethod::delete_;
    default:
      return method == HttpMethod::get || method == HttpMethod::head;
  }
}

bool RequestRouter::needs_token(Route route, HttpMethod method) const {
  if (!token_.required()) return false;
  // A removal changes the state, as ingestion does.
  if (method == HttpMethod::delete_) return true;
  switch (route) {
    // The page's HTML holds no data (it asks for the token itself) and liveness is for probes.
    case Route::live_page:
    case Route::healthz:
      return false;
    case Route::events:
    case Route::ingest_value:
      return true;
    default:
      return config_.auth.protect_reads;
  }
}

std::optional<HttpAnswer> RequestRouter::refuse_early(HttpMethod method, const std::string& path,
                                                      std::string_view authorization,
                                                      std::string_view content_encoding) const {
  const Route route = resolve(path);
  if (route == Route::not_found) {
    // An ingestion path with a value the route does not accept is still the seed's plain 404.
    if (services_.ingest_broker != nullptr) refused_.add();
    return not_found();
  }
  if (!allows(route, method)) {
    HttpAnswer answer =
        text_answer(405, "method not allowed here; allowed: " + std::string(allowed_methods(route)) + "\n");
    answer.header("Allow", std::string(allowed_methods(route)));
    return answer;
  }
  if (method == HttpMethod::options) {
    HttpAnswer answer = text_answer(204, "");
    answer.header("Allow", std::string(allowed_methods(route)));
    return answer;
  }
  if (needs_token(route, method) && !token_.authorises(authorization)) {
    unauthorised_.add();
    HttpAnswer answer = text_answer(401, "unauthorised: send the bearer token (Authorization: Bearer ...)\n");
    answer.header("WWW-Authenticate", "Bearer");
    return answer;
  }
  if (!content_encoding.empty() && content_encoding != "identity") {
    HttpAnswer answer = text_answer(415, "compressed bodies are not accepted (Content-Encoding: " +
                                             std::string(content_encoding.substr(0, 32)) +
                                             "); send the events uncompressed\n");
    answer.header("Accept-Encoding", "identity");
    return answer;
  }
  return std::nullopt;
}

HttpAnswer RequestRouter::handle(const HttpRequestView& request) {
  try {
    return route(request);
  } catch (const std::exception& error) {
    handler_failures_.add();
    const std::string reason = std::string(error.what()).substr(0, 200);
    {
      std::lock_guard lock(failure_log_mutex_);
      failure_log_.warn(1, "HTTP " + request.path.substr(0, 64) + " failed: " + reason);
    }
    return text_answer(500, "internal error: " + reason + "\n");
  }
}

HttpAnswer RequestRouter::route(const HttpRequestView& request) {
  if (std::optional<HttpAnswer> refusal =
          refuse_early(request.method, request.path, request.authorization, std::string_view()))
    return std::move(*refusal);
  switch (resolve(request.path)) {
    case Route::live_page:
      return serve_live_page(request);
    case Route::ingest_description: {
      HttpAnswer answer = json_answer(200, live_page::ingest_description(routes_));
      answer.header("Cache-Control", "no-cache");
      return answer;
    }
    case Route::model_summary:
      if (!asks_for_group(request) || asks_for_key(request)) return serve_model(request);
      break;
    case Route::keys:
      return request.method == HttpMethod::delete_ ? remove_key(request) : serve_keys(request);
    case Route::decisions:
      if (services_.decisions == nullptr)
        return text_answer(404, "this pipeline makes no decisions: its config has no process.decisions\n");
      return json_answer(200, services_.decisions->list());
    case Route::healthz: {
      // The process id tells a supervisor (or a test) which process holds the port.
      static const std::string alive = "ok pid " + std::to_string(::getpid()) + "\n";
      return text_answer(200, alive);
    }
    case Route::readyz:
    case Route::model_not_restored:
      return serve_readiness();
    case Route::metrics: {
      HttpAnswer answer = text_answer(200, services_.metrics->prometheus_text());
      answer.content_type = "text/plain; version=0.0.4; charset=utf-8";
      return answer;
    }
    case Route::events:
      return publish_body(request);
    case Route::ingest_value:
      return publish_value(request);
    case Route::not_found:
      return not_found();
    case Route::model_query:
    case Route::plot_png:
    case Route::plot_svg:
    case Route::plot_query:
      break;
  }
  const Route route = resolve(request.path);
  if (route == Route::model_query) return serve_query(request);
  if (route == Route::plot_query) return serve_query_plot(request);
  if (asks_for_key(request)) return serve_keys_plot(request, route == Route::plot_svg ? "svg" : "png");
  if (asks_for_group(request)) return serve_group(request, route);
  return serve_plot(route == Route::plot_svg ? "svg" : "png");
}

HttpAnswer RequestRouter::busy_answer() {
  busy_.add();
  HttpAnswer answer =
      text_answer(429, "busy: " + std::to_string(heavy_requests_.limit()) +
                           " model queries or plots are in progress (http.max_concurrent_queries); retry\n");
  answer.header("Retry-After", "1");
  return answer;
}

HttpAnswer RequestRouter::publish_value(const HttpRequestView& request) {
  const std::optional<RouteMatch> match = matcher_.match(request.path);
  if (!match || !match->accepted) {
    refused_.add();
    return not_found();
  }
  // HEAD asks what GET would answer: it must not add a trial (link checkers, monitors).
  if (request.method == HttpMethod::head) return published_answer();
  received_.add();
  const EventBatch& event = event_of(*match);
  return publish_events(request, *match->route, event[0], event, published_answer());
}

void RequestRouter::add_event_of(const RouteMatch& match, EventBatch& batch) {
  if (match.route->key_separator.empty()) {
    batch.add(match.value);
    return;
  }
  thread_local std::string keyed_event;
  keyed_event.assign(match.key).append(match.route->key_separator).append(match.value);
  batch.add(keyed_event);
}

std::optional<RouteMatch> RequestRouter::match_to_publish_without_waiting(const HttpRequestView& request) {
  if ((request.method != HttpMethod::get && request.method != HttpMethod::post) || request.idempotency_key ||
      resolve(request.path) != Route::ingest_value)
    return std::nullopt;
  std::optional<RouteMatch> match = matcher_.match(request.path);
  if (!match || !match->accepted) return std::nullopt;
  try {
    if (PublishingThreadPool::current_publisher_without_waiting() == nullptr) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;  // no publisher opens here: a worker tries, and answers its failure
  }
  return match;
}

bool RequestRouter::publish_without_waiting(std::string_view topic, const EventBatch& events) {
  try {
    PublishWithoutWaiting* publisher = PublishingThreadPool::current_publisher_without_waiting();
    if (publisher == nullptr || !publisher->try_publish_batch(topic, events)) return false;
  } catch (const std::exception&) {
    return false;  // each request's worker publishes again, and answers a failure as it always has
  }
  received_.add(events.size());
  published_not_answered().pass();
  published_.add(events.size());
  return true;
}

HttpAnswer RequestRouter::published_answer() { return text_answer(201, "Model updated"); }

HttpAnswer RequestRouter::publish_body(const HttpRequestView& request) {
  const auto topic_parameter = request.query.find("topic");
  const std::string topic =
      topic_parameter != request.query.end() ? topic_parameter->second : routes_.front().topic;
  const IngestRoute* route = matcher_.route_for_topic(topic);
  if (route == nullptr) {
    refused_.add();
    return text_answer(400,
                       "unknown topic \"" + topic.substr(0, 64) + "\": no ingestion route publishes to it\n");
  }
  // One batch per worker thread, reused, so a large body costs no per-event allocation.
  thread_local EventBatch events;
  if (std::optional<std::string> error = parse_event_body(request.body, *route, events)) {
    refused_.add();
    return text_answer(400, *error + "; nothing was published\n");
  }
  received_.add(events.size());
  return publish_events(request, *route, request.body, events,
                        json_answer(202, {{"accepted", events.size()}, {"topic", route->topic}}));
}

HttpAnswer RequestRouter::publish_events(const HttpRequestView& request, const IngestRoute& route,
                                         std::string_view fingerprinted, const EventBatch& events,
                                         HttpAnswer stored) {
  if (!request.idempotency_key) {
    try {
      PublishingThreadPool::current_publisher().publish_batch(route.topic, events);
    } catch (const std::exception& error) {
      publish_failures_.add();
      return text_answer(503, std::string("broker unavailable: ") + error.what() + "\n");
    }
    published_not_answered().pass();
    published_.add(events.size());
    return stored;
  }
  const auto key = read_idempotency_key(*request.idempotency_key);
  if (const auto* error = std::get_if<IdempotencyKeyError>(&key)) {
    refused_.add();
    return text_answer(400, error->message + "; nothing was published\n");
  }
  if (!services_.ingest_broker->capabilities().deduplicates) {
    refused_.add();
    return text_answer(400, "Idempotency-Key: the \"" + services_.ingest_broker_name +
                                "\" broker (as configured) cannot deduplicate: it keeps no record of what "
                                "it stored, so a retry could not be told from a first send. Send without "
                                "the header, or use a durable broker (redis in stream mode, nats in "
                                "jetstream mode); nothing was published\n");
  }
  const std::string_view key_text = std::get<std::string_view>(key);
  PublishOnceOutcome outcome;
  try {
    const std::string fingerprint = request_fingerprint(route.topic, fingerprinted);
    outcome = PublishingThreadPool::current_publisher().publish_batch_once(
        route.topic, events, PublishOnce{key_text, fingerprint});
  } catch (const std::exception& error) {
    publish_failures_.add();
    return text_answer(503, std::string("broker unavailable: ") + error.what() +
                                "; retry with the same Idempotency-Key: nothing will be stored twice\n");
  }
  published_not_answered().pass();
  switch (outcome) {
    case PublishOnceOutcome::stored:
      published_.add(events.size());
      return stored;
    case PublishOnceOutcome::duplicate:
      duplicates_.add();
      return json_answer(202, {{"accepted", events.size()}, {"topic", route.topic}, {"duplicate", true}});
    case PublishOnceOutcome::conflict:
      break;
  }
  idempotency_conflicts_.add();
  refused_.add();
  return text_answer(422, "Idempotency-Key \"" + std::string(key_text) +
                              "\" was used for another request (another body or topic); nothing was "
                              "published\n");
}

bool RequestRouter::asks_for_key(const HttpRequestView& request) {
  return request.query.contains("key") || request.query.contains("keys");
}

std::variant<std::uint32_t, HttpAnswer> RequestRouter::slot_asked(const PublishedModel& state,
                                                                  const HttpRequestView& request) {
  const std::string& key = request.query.at("key");
  if (!state.keys)
    return text_answer(400, "key: this pipeline keeps one state, not one per key (no process.keys)\n");
  const std::optional<std::uint32_t> slot = slot_of_key(state, key);
  if (!slot) return text_answer(404, "no key \"" + key.substr(0, 256) + "\" (GET /keys lists the keys)\n");
  return *slot;
}

std::variant<std::shared_ptr<const PublishedModel>, HttpAnswer> RequestRouter::state_asked(
    const HttpRequestView& request) {
  if (!asks_for_group(request)) return services_.model->published();
  auto group = group_asked(request);
  if (auto* refusal = std::get_if<HttpAnswer>(&group)) return std::move(*refusal);
  const GroupState& state = *std::get<0>(group);
  return std::make_shared<const PublishedModel>(
      PublishedModel{state.version, state.model, nullptr, state.keys, state.key_count, {}});
}

std::variant<std::shared_ptr<const GroupState>, HttpAnswer> RequestRouter::group_asked(
    const HttpRequestView& request) {
  if (request.query.at("scope") != "group") {
    return text_answer(400,
                       "scope: expected \"group\" (the merged state of process.group's members), got \"" +
                           request.query.at("scope").substr(0, 40) + "\"\n");
  }
  if (services_.group == nullptr) {
    return text_answer(404, "this engine is in no group: its config has no process.group\n");
  }
  try {
    return services_.group->current();
  } catch (const GroupUnavailable& error) {
    return text_answer(error.status(), std::string("group: ") + error.what() + "\n");
  }
}

HttpAnswer RequestRouter::serve_keys(const HttpRequestView& request) {
  for (const auto& [name, value] : request.query) {
    if (name != "prefix" && name != "after" && name != "limit" && name != "scope")
      return text_answer(400, "unknown parameter \"" + name.substr(0, 40) +
                                  "\"; GET /keys takes prefix, after, limit and scope\n");
  }
  auto asked = state_asked(request);
  if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
  const std::shared_ptr<const PublishedModel> state = std::get<0>(std::move(asked));
  if (!state->keys)
    return text_answer(404, "this pipeline keeps one state, not one per key (no process.keys)\n");
  std::size_t limit = 100;
  if (const auto given = request.query.find("limit"); given != request.query.end()) {
    std::size_t parsed = 0;
    const auto [end, error] =
        std::from_chars(given->second.data(), given->second.data() + given->second.size(), parsed);
    if (error != std::errc() || end != given->second.data() + given->second.size() || parsed < 1 ||
        parsed > max_keys_per_page) {
      return text_answer(
          400, "limit: expected a whole number from 1 to " + std::to_string(max_keys_per_page) + "\n");
    }
    limit = parsed;
  }
  const auto text = [&request](const char* name) {
    const auto found = request.query.find(name);
    return found == request.query.end() ? std::string_view() : std::string_view(found->second);
  };
  return json_answer(200, list_keys(*state, text("prefix"), text("after"), limit));
}

HttpAnswer RequestRouter::remove_key(const HttpRequestView& request) {
  const auto key = request.query.find("key");
  if (key == request.query.end() || request.query.size() != 1)
    return text_answer(400, "DELETE /keys takes one parameter, key: the key to remove\n");
  if (!services_.model->published()->keys)
    return text_answer(404, "this pipeline keeps one state, not one per key (no process.keys)\n");
  if (services_.key_removals == nullptr)
    return text_answer(404, "this engine removes no keys: it runs no pipeline of its own\n");
  const std::string shown = key->second.substr(0, 256);
  const KeyRemovals::Answer answer = services_.key_removals->remove(key->second, std::chrono::seconds(10));
  switch (answer.outcome) {
    case KeyRemovals::Outcome::removed:
      return json_answer(200, {{"removed", key->second}});
    case KeyRemovals::Outcome::no_such_key:
      return text_answer(404, "no key \"" + shown + "\" (GET /keys lists the keys)\n");
    case KeyRemovals::Outcome::timed_out:
      return text_answer(503, "the pipeline did not take the removal of \"" + shown +
                                  "\" within 10 s; it stays queued, so the key may still be removed\n");
    case KeyRemovals::Outcome::failed:
      break;
  }
  return text_answer(500, "cannot remove \"" + shown + "\": " + answer.error + "\n");
}

HttpAnswer RequestRouter::serve_model(const HttpRequestView& request) {
  if (request.query.contains("key")) {
    auto asked = state_asked(request);
    if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
    const std::shared_ptr<const PublishedModel> state = std::get<0>(std::move(asked));
    auto slot = slot_asked(*state, request);
    if (auto* refusal = std::get_if<HttpAnswer>(&slot)) return std::move(*refusal);
    nlohmann::json summary =
        state->model->summary_of(std::get<std::uint32_t>(slot), asks_for_compact(request));
    summary["key"] = request.query.at("key");
    if (asks_for_group(request)) summary["scope"] = "group";
    return json_answer(200, summary);
  }
  nlohmann::json summary = services_.model->summary(asks_for_compact(request));
  // An engine in a group says so, so that a client (the live page) knows to ask for the group's view.
  if (services_.group != nullptr) summary["group_prefix"] = services_.group->config().prefix;
  return json_answer(200, summary);
}

bool RequestRouter::asks_for_compact(const HttpRequestView& request) {
  const auto compact = request.query.find("compact");
  return compact != request.query.end() && (compact->second == "1" || compact->second == "true");
}

std::variant<RequestRouter::KeysQuery, HttpAnswer> RequestRouter::keys_query_asked(
    const HttpRequestView& request, std::string_view name) {
  auto asked = state_asked(request);
  if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
  KeysQuery query{std::get<0>(std::move(asked)), {}, request.query};
  query.parameters.erase("scope");
  KeysAsked keys = keys_asked(*query.state, query.parameters);
  if (!keys.refusal.empty()) return text_answer(keys.status, keys.refusal + "\n");
  query.keys = std::move(keys.keys);
  if (name == "srm") {
    if (std::string refusal = apply_experiment_split(services_.experiments, query.keys, query.parameters);
        !refusal.empty())
      return text_answer(400, "srm: " + refusal + "\n");
  }
  return query;
}

HttpAnswer RequestRouter::serve_query(const HttpRequestView& request) {
  try {
    if (names_keys(request.query)) {
      const std::string_view name = std::string_view(request.path).substr(7);
      auto asked = keys_query_asked(request, name);
      if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
      const KeysQuery& query = std::get<KeysQuery>(asked);
      return json_answer(200, query.state->model->query_keys(name, query.keys, query.parameters));
    }
    if (request.query.contains("key")) {
      auto asked = state_asked(request);
      if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
      const std::shared_ptr<const PublishedModel> state = std::get<0>(std::move(asked));
      auto slot = slot_asked(*state, request);
      if (auto* refusal = std::get_if<HttpAnswer>(&slot)) return std::move(*refusal);
      QueryParameters parameters = request.query;
      parameters.erase("key");
      parameters.erase("scope");
      return json_answer(200, state->model->query_of(std::get<std::uint32_t>(slot),
                                                     std::string_view(request.path).substr(7), parameters));
    }
    return json_answer(200, services_.model->query(std::string_view(request.path).substr(7), request.query));
  } catch (const QueryError& error) {
    return text_answer(error.status(), std::string(error.what()) + "\n");
  }
}

HttpAnswer RequestRouter::serve_plot(const std::string& format) {
  std::string image;
  {
    std::lock_guard lock(plots_.mutex);
    const std::shared_ptr<const PublishedModel> state = services_.model->published();
    std::string& cached = format == "svg" ? plots_.svg : plots_.png;
    std::uint64_t& cached_version = format == "svg" ? plots_.svg_version : plots_.png_version;
    if (cached.empty() || cached_version != state->version) {
      // As the plot files show it: the state before the latest batch goes along for the baseline.
      ModelView view = state_view(*state);
      if (state->before) view.previous_state = state_series(state->before->view());
      cached = services_.plotter->encode(view, format);
      cached_version = state->version;
    }
    image = cached;
  }
  return image_answer(std::move(image), format);
}

HttpAnswer RequestRouter::serve_keys_plot(const HttpRequestView& request, const std::string& format) {
  auto asked = state_asked(request);
  if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
  const std::shared_ptr<const PublishedModel> state = std::get<0>(std::move(asked));
  if (!state->keys)
    return text_answer(400, "key: this pipeline keeps one state, not one per key (no process.keys)\n");
  std::vector<std::string_view> names;
  if (const auto key = request.query.find("key"); key != request.query.end()) names.push_back(key->second);
  if (const auto keys = request.query.find("keys"); keys != request.query.end()) {
    std::string_view list = keys->second;
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      names.push_back(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  }
  constexpr std::size_t most_keys_drawn = 20;
  if (names.empty() || names.size() > most_keys_drawn)
    return text_answer(
        400, "keys: expected 1 to " + std::to_string(most_keys_drawn) + " keys, separated by commas\n");
  std::vector<std::uint32_t> slots;
  for (const std::string_view name : names) {
    const std::optional<std::uint32_t> slot = slot_of_key(*state, name);
    if (!slot)
      return text_answer(404,
                         "no key \"" + std::string(name.substr(0, 256)) + "\" (GET /keys lists the keys)\n");
    slots.push_back(*slot);
  }
  std::string image = services_.plotter->encode(overlay_view(*state, slots), format);
  return image_answer(std::move(image), format);
}

HttpAnswer RequestRouter::serve_query_plot(const HttpRequestView& request) {
  std::string image;
  try {
    ModelView view;
    if (names_keys(request.query)) {
      auto asked = keys_query_asked(request, query_plot_name(request.path));
      if (auto* refusal = std::get_if<HttpAnswer>(&asked)) return std::move(*refusal);
      const KeysQuery& query = std::get<KeysQuery>(asked);
      view = query.state->model->query_keys_view(query_plot_name(request.path), query.keys, query.parameters);
    } else {
      view = services_.model->published()->model->query_view(query_plot_name(request.path), request.query);
    }
    image = services_.plotter->encode(view, "png");
  } catch (const QueryError& error) {
    return text_answer(error.status(), std::string(error.what()) + "\n");
  }
  if (image.empty()) return text_answer(404, "this process's visualiser does not draw png\n");
  HttpAnswer answer;
  answer.content_type = "image/png";
  answer.body = std::move(image);
  answer.header("Cache-Control", "no-cache");
  return answer;
}

bool RequestRouter::asks_for_group(const HttpRequestView& request) {
  const auto scope = request.query.find("scope");
  return scope != request.query.end();
}

HttpAnswer RequestRouter::serve_group(const HttpRequestView& request, Route route) {
  auto group = group_asked(request);
  if (auto* refusal = std::get_if<HttpAnswer>(&group)) return std::move(*refusal);
  const std::shared_ptr<const GroupState> state = std::get<0>(std::move(group));
  if (route == Route::model_summary) {
    const auto compact = request.query.find("compact");
    const bool is_compact =
        compact != request.query.end() && (compact->second == "1" || compact->second == "true");
    return json_answer(200, group_summary(*state, services_.group->config(), is_compact));
  }
  const std::string format = route == Route::plot_svg ? "svg" : "png";
  std::string image;
  {
    std::lock_guard lock(plots_.mutex);
    if (plots_.group_image.empty() || plots_.group_version != state->version ||
        plots_.group_format != format) {
      ModelView view = state_view(
          PublishedModel{state->version, state->model, nullptr, state->keys, state->key_count, {}});
      view.title = "group of " + std::to_string(state->members.size()) + ": " + view.title;
      view.tag = "group_" + view.tag;
      plots_.group_image = services_.plotter->encode(view, format);
      plots_.group_version = state->version;
      plots_.group_format = format;
    }
    image = plots_.group_image;
  }
  return image_answer(std::move(image), format);
}

HttpAnswer RequestRouter::serve_live_page(const HttpRequestView& request) const {
  HttpAnswer answer;
  // no-cache: the browser revalidates every time, so a rebuilt engine's page is never stale.
  answer.header("Cache-Control", "no-cache");
  answer.header("ETag", live_page::etag());
  if (live_page::etag_matches(request.if_none_match)) {
    answer.status = 304;
    return answer;
  }
  answer.header("Content-Security-Policy", std::string(live_page::content_security_policy));
  answer.header("X-Content-Type-Options", "nosniff");
  answer.content_type = "text/html; charset=utf-8";
  answer.body = std::string(live_page::html());
  return answer;
}

HttpAnswer RequestRouter::serve_readiness() const {
  const std::string reason = services_.not_ready_reason ? services_.not_ready_reason() : std::string();
  if (reason.empty()) return text_answer(200, "ready\n");
  return text_answer(503, "not ready: " + reason + "\n");
}

}  // namespace event_engine
