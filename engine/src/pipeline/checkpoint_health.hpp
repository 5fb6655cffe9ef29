// Whether checkpoints are being saved, for /readyz: a store that refuses every save (a full disk,
// a directory that went away) leaves the engine applying events it could lose, which an
// orchestrator should hear of. Written by the pipeline's thread once per checkpoint outcome, read
// by HTTP workers; it outlives the pipelines a reload replaces.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace event_engine {

class CheckpointHealth {
 public:
  using Clock = std::chrono::steady_clock;

  void saved();
  void failed(const std::string& error);
  // Empty while saves succeed, or have failed for less than `bound`; else why not ready, e.g.
  // "checkpoints failing for 12 s: <the last error>".
  std::string not_ready_reason(std::chrono::milliseconds bound, Clock::time_point now = Clock::now()) const;

 private:
  mutable std::mutex mutex_;
  std::optional<Clock::time_point> failing_since_;  // the first failure since the last save
  std::string last_error_;
};

}  // namespace event_engine
