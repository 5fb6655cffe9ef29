#include "free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <mutex>
#include <set>
#include <stdexcept>

namespace event_engine::testing {

namespace {

int unused_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

// The kernel may hand the same ephemeral port to two calls in a row (a server's client and monitor
// ports once came out equal, and it failed to bind the second), so a port is never given twice.
int free_port() {
  static std::mutex guard;
  static std::set<int> given;
  const std::lock_guard lock(guard);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = unused_port();
    if (given.insert(port).second) return port;
  }
  throw std::runtime_error("cannot find a free port not given before");
}

}  // namespace event_engine::testing
