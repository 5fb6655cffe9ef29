// The shipped NATS configs as real event-engine processes pointed at a test's nats-server nodes,
// with the questions the end-to-end tests ask them (the Redis tests' helpers: model_summary,
// post_trials, wait_until...).
#pragma once

#include <string>
#include <vector>

#include "engine_instance.hpp"
#include "redis_services.hpp"

namespace event_engine::testing {

// --set overrides that point a shipped NATS config at `servers`, plus `more`.
inline std::vector<std::string> nats_overrides(const std::string& servers, bool has_store,
                                               std::vector<std::string> more = {}) {
  std::vector<std::string> overrides = {"broker.config.servers=" + servers};
  if (has_store) overrides.push_back("process.store.config.servers=" + servers);
  overrides.insert(overrides.end(), more.begin(), more.end());
  return overrides;
}

// POSTs trials [from, to) in bodies of `per_request`, as a client that resends a body answered 503
// (the broker did not store it all) for up to a minute; returns how many events were answered 202
// and adds the events of every 503 to `refused`. Any other answer, or a body never taken: -1.
inline std::int64_t post_trials_counting(const EngineInstance& publisher, std::int64_t from, std::int64_t to,
                                         std::int64_t per_request, std::int64_t& refused) {
  std::int64_t accepted = 0;
  for (std::int64_t start = from; start < to; start += per_request) {
    const std::int64_t end = std::min(to, start + per_request);
    std::string body;
    for (std::int64_t i = start; i < end; ++i) body += trial(i) + "\n";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    for (;;) {
      const HttpReply reply = http_post(publisher.http_port(), "/events", body);
      if (reply.status == 202) {
        accepted += nlohmann::json::parse(reply.body).at("accepted").get<std::int64_t>();
        break;
      }
      if (reply.status != 503 || std::chrono::steady_clock::now() > deadline) return -1;
      refused += end - start;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return accepted;
}

}  // namespace event_engine::testing
