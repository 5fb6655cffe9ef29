// The seed's services (api-publisher, bayes-subscriber) as real event-engine processes pointed at a
// test's redis-server, and the questions the end-to-end tests ask them.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "redis_server.hpp"

namespace event_engine::testing {

// --set overrides that point a shipped Redis config at `server`, plus `more`.
inline std::vector<std::string> redis_overrides(const RedisServer& server, bool has_store,
                                                std::vector<std::string> more = {}) {
  std::vector<std::string> overrides = {"broker.config.port=" + std::to_string(server.port())};
  if (has_store) overrides.push_back("process.store.config.port=" + std::to_string(server.port()));
  overrides.insert(overrides.end(), more.begin(), more.end());
  return overrides;
}

// redis_overrides for a keyed pipeline of text events (`checkout/B:w`), taken over HTTP by POST
// /events?topic=update_model and /track/{key}/{value}, plus `more`.
inline std::vector<std::string> keyed_text_overrides(const RedisServer& server,
                                                     std::vector<std::string> more) {
  std::vector<std::string> overrides = {
      R"(process.keys={"format": "text", "separator": ":"})",
      R"(ingest.routes=[{"path": "/track/{key}/{value}", "topic": "update_model", "accept": ["w", "l"], "separator": ":"}])"};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return redis_overrides(server, true, std::move(overrides));
}

// GET /model?compact=1 as JSON; an empty object when the process does not answer.
inline nlohmann::json model_summary(const EngineInstance& engine) {
  const HttpReply reply = http_get(engine.http_port(), "/model?compact=1");
  if (reply.status != 200) return nlohmann::json::object();
  return nlohmann::json::parse(reply.body);
}

inline std::int64_t applied_n(const EngineInstance& engine) {
  const nlohmann::json summary = model_summary(engine);
  return summary.contains("n") ? summary.at("n").get<std::int64_t>() : -1;
}

// Calls `condition` every 20 ms until it holds or `patience` runs out; returns whether it held.
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds patience = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Trial i is "w" when i % 5 < 3, else "l": 60% successes, in a fixed pattern.
inline std::string trial(std::int64_t i) { return i % 5 < 3 ? "w" : "l"; }
inline std::int64_t successes_before(std::int64_t count) {
  return count / 5 * 3 + std::min<std::int64_t>(count % 5, 3);
}

// POSTs trials [from, to) to /events in bodies of `per_request`; false at the first refusal.
inline bool post_trials(const EngineInstance& publisher, std::int64_t from, std::int64_t to,
                        std::int64_t per_request) {
  for (std::int64_t start = from; start < to; start += per_request) {
    std::string body;
    for (std::int64_t i = start; i < std::min(to, start + per_request); ++i) body += trial(i) + "\n";
    if (http_post(publisher.http_port(), "/events", body).status != 202) return false;
  }
  return true;
}

// Entries of the stream's group delivered and not yet acknowledged (XPENDING's count).
inline std::int64_t stream_pending(const RedisServer& server) {
  return std::stoll(server.cli({"XPENDING", "update_model", "event-engine"}).substr(0, 12));
}

// True when the group has been handed every entry of the stream.
inline bool stream_all_delivered(const RedisServer& server) {
  const std::string last_entry = server.cli({"XREVRANGE", "update_model", "+", "-", "COUNT", "1"});
  const std::string groups = server.cli({"XINFO", "GROUPS", "update_model"});
  const std::size_t at = groups.find("last-delivered-id\n");
  if (at == std::string::npos) return false;
  const std::size_t begin = at + 18;
  const std::string delivered = groups.substr(begin, groups.find('\n', begin) - begin);
  return last_entry.substr(0, last_entry.find('\n')) == delivered;
}

// Once every entry is delivered and none is pending, nothing can reach a model any more.
inline bool stream_settled(const RedisServer& server) {
  return stream_all_delivered(server) && stream_pending(server) == 0;
}

}  // namespace event_engine::testing
