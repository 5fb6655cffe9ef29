#include "cli/control_signals.hpp"

#include <csignal>

namespace event_engine {
namespace {

ControlSignals signals;
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler may only touch lock-free atomics");

extern "C" void request_stop(int) {
  signals.stop.store(true);
  signals.wake.store(true);
}

extern "C" void request_reload(int) {
  signals.reload.store(true);
  signals.wake.store(true);
}

void install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
}

}  // namespace

ControlSignals& install_control_signal_handlers() {
  install(SIGINT, request_stop);
  install(SIGTERM, request_stop);
  install(SIGHUP, request_reload);
  return signals;
}

}  // namespace event_engine
