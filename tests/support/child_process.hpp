// Starts a real program (the event-engine binary, redis-server...) with its output in a file,
// and stops it by signal. The destructor kills what is still running.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace event_engine::testing {

class ChildProcess {
 public:
  // `output` receives the program's stdout and stderr.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& output,
               const std::vector<std::pair<std::string, std::string>>& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  void signal(int number) const;
  // SIGSTOP, and returns once every thread of the program has stopped: kill() only queues the
  // signal, and a program still running on another core could answer one more request meanwhile.
  void pause();
  // The exit code (128 + signal if killed), or nullopt if still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string output() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path output_;
};

// Runs a program to completion; returns its exit code and puts its output in `output`.
int run_program(const std::vector<std::string>& argv, std::string& output,
                std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace event_engine::testing
