#include "faults/kill_point.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace event_engine {

KillPoint::KillPoint(std::string_view name) {
  const char* setting = std::getenv("EVENT_ENGINE_KILL_AT");
  if (setting == nullptr) return;
  const std::string_view text(setting);
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || text.substr(0, colon) != name) return;
  try {
    const long long passes = std::stoll(std::string(text.substr(colon + 1)));
    if (passes < 1) return;
    passes_left_.store(passes, std::memory_order_relaxed);
    armed_ = true;
  } catch (const std::exception&) {
    // Not a count: the point stays unarmed, as for another point's name.
  }
}

void KillPoint::count_pass() noexcept {
  if (passes_left_.fetch_sub(1, std::memory_order_acq_rel) == 1) std::raise(SIGKILL);
}

}  // namespace event_engine
