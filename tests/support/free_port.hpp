// A loopback TCP port that nothing listens on right now.
#pragma once

namespace event_engine::testing {

// Binds port 0 on 127.0.0.1, reads the port the kernel chose and releases it.
int free_port();

}  // namespace event_engine::testing
