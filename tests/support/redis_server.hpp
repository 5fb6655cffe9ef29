// A real redis-server for tests: a free loopback port, a temporary directory of its own, no
// persistence unless asked for; stopped by its pid. It can be stopped and started again on the same
// port and directory (with appendonly, the data survives that).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {

struct RedisServerOptions {
  bool appendonly = false;
  // More `--name value` arguments for redis-server, e.g. {"--requirepass", "secret"}.
  std::vector<std::string> extra_arguments;
};

class RedisServer {
 public:
  // Starts the server and waits until it answers PING; throws std::runtime_error if it does not.
  explicit RedisServer(RedisServerOptions options = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const noexcept { return port_; }
  const std::filesystem::path& directory() const noexcept { return directory_.path(); }

  // SIGTERM (Redis writes its append-only file and exits) and wait.
  void stop();
  // SIGKILL and wait.
  void kill();
  // SIGSTOP: the server keeps its connections and answers nothing (a hung node), until resume().
  void pause();
  // SIGCONT.
  void resume();
  // Starts again on the same port and directory; waits for PING.
  void start();
  bool running() const;

  // Runs redis-cli against this server and returns its output without the final newline; throws
  // std::runtime_error if redis-cli fails.
  std::string cli(const std::vector<std::string>& arguments) const;

 private:
  RedisServerOptions options_;
  TempDir directory_;
  int port_;
  int runs_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// True if a Redis server on 127.0.0.1:`port` answers PING (with PONG, or NOAUTH when it wants a password).
bool redis_answers_ping(int port);

}  // namespace event_engine::testing
