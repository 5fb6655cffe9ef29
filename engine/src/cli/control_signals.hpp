// The signals `run` obeys. SIGINT and SIGTERM ask the engine to stop: ingestion stops, the queue
// drains, a final checkpoint and render are written, and the program exits 0. SIGHUP asks it to
// read its config file again and apply what changed (cli/pipeline_reload.hpp).
#pragma once

#include <atomic>

namespace event_engine {

struct ControlSignals {
  std::atomic<bool> stop{false};    // SIGINT or SIGTERM came
  std::atomic<bool> reload{false};  // SIGHUP came and has not been handled yet
  // Set by either: the pipeline loop watches this one flag and returns to see which it was.
  std::atomic<bool> wake{false};
};

// Installs the handlers and returns the flags they set.
ControlSignals& install_control_signal_handlers();

}  // namespace event_engine
