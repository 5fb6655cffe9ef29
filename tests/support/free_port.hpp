// A loopback TCP port that nothing listens on right now, and that no other test gets.
#pragma once

namespace event_engine::testing {

// Where test processes claim the ports they were given (one file per port, flock'd).
inline constexpr const char* port_claims_directory = "/tmp/event-engine-test-ports";

// Binds port 0 on 127.0.0.1, reads the port the kernel chose and releases it; the port is then
// claimed for the rest of this process's life, so that no other call, in this process or in
// another test process running at the same time, is given it.
int free_port();

}  // namespace event_engine::testing
