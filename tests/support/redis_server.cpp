#include "redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "free_port.hpp"

namespace event_engine::testing {

bool redis_answers_ping(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval timeout{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool answered = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
    char reply[16] = {};
    // A server with a password answers NOAUTH: it is up all the same.
    answered = recv(fd, reply, sizeof(reply) - 1, 0) > 0 &&
               (std::string(reply).starts_with("+PONG") || std::string(reply).starts_with("-NOAUTH"));
  }
  close(fd);
  return answered;
}

RedisServer::RedisServer(RedisServerOptions options) : options_(std::move(options)), port_(free_port()) {
  start();
}

RedisServer::~RedisServer() {
  if (running()) kill();
}

void RedisServer::start() {
  std::vector<std::string> argv = {"redis-server",
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--dir",
                                   directory_.path().string(),
                                   "--save",
                                   "",
                                   "--appendonly",
                                   options_.appendonly ? "yes" : "no",
                                   "--daemonize",
                                   "no"};
  argv.insert(argv.end(), options_.extra_arguments.begin(), options_.extra_arguments.end());
  process_ = std::make_unique<ChildProcess>(argv, directory_ / ("redis-" + std::to_string(++runs_) + ".log"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->running()) break;
    if (redis_answers_ping(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string log = process_->output();
  process_.reset();
  throw std::runtime_error("redis-server did not answer PING on port " + std::to_string(port_) + ":\n" + log);
}

void RedisServer::stop() {
  if (!running()) return;
  process_->signal(SIGTERM);
  if (!process_->wait(std::chrono::seconds(10))) kill();
}

void RedisServer::kill() {
  if (!running()) return;
  process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(10));
}

void RedisServer::pause() {
  if (running()) process_->pause();
}

void RedisServer::resume() {
  if (running()) process_->signal(SIGCONT);
}

bool RedisServer::running() const { return process_ != nullptr && process_->running(); }

std::string RedisServer::cli(const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv = {"redis-cli", "-p", std::to_string(port_)};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string output;
  if (run_program(argv, output, std::chrono::seconds(30)) != 0) {
    throw std::runtime_error("redis-cli failed: " + output);
  }
  if (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

}  // namespace event_engine::testing
