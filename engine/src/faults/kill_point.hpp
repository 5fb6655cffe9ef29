// A named risky moment at which the end-to-end tests can kill the engine on purpose, so that a
// fault test proves that its kill landed exactly there (between storing and answering, say) rather
// than hoping a kill from outside does. Armed only by the environment:
//   EVENT_ENGINE_KILL_AT=<point>:<n>   SIGKILL the process the n-th time it passes <point>.
// Unarmed (always, outside tests) a pass costs one branch on a value read once at start.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace event_engine {

class KillPoint {
 public:
  // Reads EVENT_ENGINE_KILL_AT once.
  explicit KillPoint(std::string_view name);

  void pass() noexcept {
    if (armed_) count_pass();
  }

 private:
  void count_pass() noexcept;

  bool armed_ = false;
  std::atomic<std::int64_t> passes_left_{0};
};

}  // namespace event_engine
