#include "cli/shutdown_signal.hpp"

#include <csignal>

namespace event_engine {
namespace {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler may only touch lock-free atomics");

extern "C" void request_stop(int) { stop_requested.store(true); }

}  // namespace

const std::atomic<bool>& install_shutdown_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return stop_requested;
}

}  // namespace event_engine
