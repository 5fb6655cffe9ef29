// Waits out, at start, a broker or store that is unreachable or has no leader: an attempt that
// throws TransientError is tried again after a wait that doubles from 100 ms up to 5 s, until it
// succeeds, the engine is asked to stop, or process.startup_timeout runs out. Each change of what
// it waits for is logged once, not each attempt; reason() is what /readyz answers meanwhile.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace event_engine {

class StartupWait {
 public:
  // The deadline (with `timeout`) counts from construction; `stop` ends the wait early.
  // `when_waiting` is called once, when a first attempt has failed and before the first pause: a
  // start that meets no outage serves nothing until it has started.
  StartupWait(std::optional<std::chrono::seconds> timeout, const std::atomic<bool>& stop,
              std::shared_ptr<spdlog::logger> logger, std::function<void()> when_waiting = {});

  // Calls `attempt` until it returns without a TransientError; `what` ("the store") names what it
  // waits for. Returns false when `stop` was set meanwhile. Throws std::runtime_error naming `what`
  // and its last error when the timeout runs out; any other exception of `attempt` passes through.
  bool run(const std::string& what, const std::function<void()>& attempt);

  // What the start waits for, e.g. "starting: waiting for the store: Redis at 127.0.0.1:6379:
  // cannot connect: Connection refused (attempt 7)". Thread-safe.
  std::string reason() const;

 private:
  void set_reason(std::string reason);
  // Sleeps `pause`, cut short by `stop_`; false when stopping.
  bool pause_unless_stopped(std::chrono::milliseconds pause) const;

  const std::optional<std::chrono::seconds> timeout_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  const std::atomic<bool>& stop_;
  std::shared_ptr<spdlog::logger> logger_;
  std::function<void()> when_waiting_;
  mutable std::mutex mutex_;
  std::string reason_ = "starting";
};

}  // namespace event_engine
