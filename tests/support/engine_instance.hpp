// A real `event-engine run` process for end-to-end tests: a copy of a shipped config in a temp
// directory (so its relative state/ and graphs/ land there), free ports, and the built plugins.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace event_engine::testing {

class EngineInstance {
 public:
  // Copies `shipped_config` (relative to the source tree) to <work_dir>/config/ and points its
  // plugin_dirs at the build's plugins. `overrides` are passed as --set.
  EngineInstance(const std::filesystem::path& work_dir, const std::string& shipped_config,
                 std::vector<std::string> overrides);
  ~EngineInstance();

  // Starts the engine (with extra arguments such as --reset-state) and waits for /healthz.
  // Returns false (with the log in `log()`) if it exits or does not answer in time.
  bool start(const std::vector<std::string>& extra_arguments = {},
             const std::vector<std::pair<std::string, std::string>>& environment = {});
  // The exit code once the engine has ended on its own (a fault point's kill: 128 + 9), or
  // nullopt if it is still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Starts the engine with EVENT_ENGINE_KILL_AT=`kill_at` (event_engine/kill_point.hpp): it kills
  // itself at that point, which may come before /healthz answers, so this does not wait.
  void start_to_die_at(const std::string& kill_at, const std::vector<std::string>& extra_arguments = {});
  // The line the kill point wrote before the kill ("kill point <point>: <state>"), or empty.
  std::string kill_point_line() const;
  // SIGTERM, then the exit code (nullopt if it did not stop within the timeout).
  std::optional<int> stop();
  // SIGKILL, as a crash: no drain, no final checkpoint.
  void kill();

  int http_port() const noexcept { return http_port_; }
  // The running engine's process id, or -1 when it is not running.
  pid_t pid() const noexcept { return process_ ? process_->pid() : -1; }
  const std::filesystem::path& config_file() const noexcept { return config_file_; }
  const std::filesystem::path& work_dir() const noexcept { return work_dir_; }
  const std::vector<std::string>& overrides() const noexcept { return overrides_; }
  std::string log() const;

  // The arguments `event-engine <command> --config <copy> --set ...` for this instance.
  std::vector<std::string> command(const std::string& subcommand) const;

 private:
  std::filesystem::path work_dir_;
  std::filesystem::path config_file_;
  std::vector<std::string> overrides_;
  int http_port_;
  int runs_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The value of a Prometheus counter or gauge in /metrics text, or -1 if absent.
double metric_value(const std::string& metrics_text, const std::string& name);

}  // namespace event_engine::testing
