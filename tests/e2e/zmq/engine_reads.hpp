// What the zmq end-to-end tests read from a running engine, and their waits on a condition
// (limits scaled by EVENT_ENGINE_TEST_TIME_SCALE).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {

inline double metric(const EngineInstance& engine, const std::string& name) {
  return metric_value(http_get(engine.http_port(), "/metrics").body, name);
}

// The model's n, or -1 when the engine does not answer.
inline std::int64_t applied_n(const EngineInstance& engine) {
  const HttpReply reply = http_get(engine.http_port(), "/model?compact=1");
  return reply.status == 200 ? nlohmann::json::parse(reply.body).at("n").get<std::int64_t>() : -1;
}

// Calls `condition` every 20 ms until it holds or the scaled `patience` runs out.
template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + scaled(patience);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace event_engine::testing
