#include "free_port.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>

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

// Takes `port` for this process's life: an exclusive flock on <port_claims_directory>/<port>,
// which no other test process (nor another call here: flock conflicts between two opens of one
// file) can take while this one lives. The kernel drops it when the process ends, however it ends,
// so nothing is left to clean up; the descriptor is not inherited by the programs a test starts.
bool claim(int port) {
  const std::string file = std::string(port_claims_directory) + "/" + std::to_string(port);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) throw std::runtime_error("cannot open " + file + " to claim a port");
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;  // kept open, and locked, until exit
  ::close(fd);
  return false;
}

}  // namespace

// The kernel may hand the same ephemeral port to two calls in a row, in one process (a server's
// client and monitor ports once came out equal, and it failed to bind the second) or in two that
// ctest runs at once: a port is given only once claimed, and never twice while its claim holds.
int free_port() {
  static std::mutex guard;
  const std::lock_guard lock(guard);
  static const bool directory_made = [] {
    std::error_code ignored;
    std::filesystem::create_directories(port_claims_directory, ignored);
    // Shared by every user who runs the tests on this machine.
    std::filesystem::permissions(port_claims_directory, std::filesystem::perms::all, ignored);
    return true;
  }();
  (void)directory_made;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = unused_port();
    if (claim(port)) return port;
  }
  throw std::runtime_error("cannot find a free port that no other test process has claimed");
}

}  // namespace event_engine::testing
