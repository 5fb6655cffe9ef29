// Tests that ctest runs at once do not meet: a port given to one test process is given to no other
// while it lives, and an engine instance takes only its own engine's /healthz for its start.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>

#include "engine_instance.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

// Whether this process can take the claim on `port` now (and gives it back at once).
bool claimable(int port) {
  const std::string file = std::string(port_claims_directory) + "/" + std::to_string(port);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;  // never claimed
  const bool taken = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return !taken;
}

TEST(ParallelTests, APortGivenToAnotherTestProcessIsClaimedUntilItEnds) {
  int port_pipe[2];
  int release_pipe[2];
  ASSERT_EQ(::pipe(port_pipe), 0);
  ASSERT_EQ(::pipe(release_pipe), 0);
  const pid_t other = ::fork();
  ASSERT_GE(other, 0);
  if (other == 0) {
    // Another test process: takes a port, and holds it until told to end.
    const int port = free_port();
    if (::write(port_pipe[1], &port, sizeof(port)) != sizeof(port)) ::_exit(1);
    char ignored;
    ::close(release_pipe[1]);
    [[maybe_unused]] const ssize_t ended = ::read(release_pipe[0], &ignored, 1);
    ::_exit(0);
  }
  ::close(port_pipe[1]);
  ::close(release_pipe[0]);
  int port = 0;
  ASSERT_EQ(::read(port_pipe[0], &port, sizeof(port)), static_cast<ssize_t>(sizeof(port)));
  EXPECT_FALSE(claimable(port)) << "port " << port << " was given to the other process";
  for (int i = 0; i < 200; ++i) EXPECT_NE(free_port(), port);

  ::close(release_pipe[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(other, &status, 0), other);
  EXPECT_TRUE(claimable(port)) << "the claim ends with the process";
  ::close(port_pipe[0]);
}

// Answers every connection on 127.0.0.1:`port` as an engine's /healthz would, until destroyed.
class ImpostorOnPort {
 public:
  explicit ImpostorOnPort(int port) : listener_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    const int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bound_ = ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
             ::listen(listener_, 16) == 0;
    thread_ = std::thread([this] { serve(); });
  }
  ~ImpostorOnPort() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  bool bound() const { return bound_; }
  int answered() const { return answered_.load(); }

 private:
  void serve() {
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
    while (!stop_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (::poll(&waiting, 1, 20) <= 0) continue;
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      char request[4096];
      [[maybe_unused]] const ssize_t read = ::recv(client, request, sizeof(request), 0);
      [[maybe_unused]] const ssize_t sent = ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      ++answered_;
      ::close(client);
    }
  }

  int listener_;
  bool bound_ = false;
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::thread thread_;
};

TEST(ParallelTests, AnEngineInstanceDoesNotTakeAnotherProcessOnItsPortForItsEngine) {
  TempDir work;
  EngineInstance engine(work.path(), "config/default.json",
                        {"broker.config.endpoints=[\"inproc://event-engine\"]"});
  const ImpostorOnPort impostor(engine.http_port());
  ASSERT_TRUE(impostor.bound());
  // The engine cannot listen on a port that is taken, and exits; its start must say so.
  EXPECT_FALSE(engine.start()) << engine.log();
  EXPECT_NE(engine.log().find(std::to_string(engine.http_port())), std::string::npos) << engine.log();
}

}  // namespace
}  // namespace event_engine::testing
