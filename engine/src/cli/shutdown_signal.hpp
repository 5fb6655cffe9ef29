// SIGINT and SIGTERM ask the engine to stop: ingestion stops, the queue drains, a final
// checkpoint and render are written, and the program exits 0.
#pragma once

#include <atomic>

namespace event_engine {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& install_shutdown_signal_handlers();

}  // namespace event_engine
