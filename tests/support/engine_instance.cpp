#include "engine_instance.hpp"
#include "test_paths.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "free_port.hpp"
#include "http_client.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {

EngineInstance::EngineInstance(const std::filesystem::path& work_dir, const std::string& shipped_config,
                               std::vector<std::string> overrides)
    : work_dir_(work_dir), overrides_(std::move(overrides)), http_port_(free_port()) {
  std::filesystem::create_directories(work_dir_ / "config");
  config_file_ = work_dir_ / "config" / std::filesystem::path(shipped_config).filename();
  std::filesystem::copy_file(std::filesystem::path(test_paths::source_dir) / shipped_config, config_file_,
                             std::filesystem::copy_options::overwrite_existing);
  overrides_.insert(overrides_.begin(), {std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\"]",
                                         "http.listen=127.0.0.1:" + std::to_string(http_port_)});
}

EngineInstance::~EngineInstance() {
  if (process_ && process_->running()) stop();
}

std::vector<std::string> EngineInstance::command(const std::string& subcommand) const {
  std::vector<std::string> argv = {test_paths::program, subcommand, "--config", config_file_.string()};
  for (const std::string& assignment : overrides_) {
    argv.push_back("--set");
    argv.push_back(assignment);
  }
  return argv;
}

bool EngineInstance::start(const std::vector<std::string>& extra_arguments,
                           const std::vector<std::pair<std::string, std::string>>& environment) {
  std::vector<std::string> argv = command("run");
  argv.insert(argv.end(), extra_arguments.begin(), extra_arguments.end());
  process_ = std::make_unique<ChildProcess>(argv, work_dir_ / ("engine-" + std::to_string(++runs_) + ".log"),
                                            environment);
  // Its own /healthz: another process on the port (another test's engine, given the same port)
  // answers with its own pid, and this one then fails to bind and exits.
  const std::string own_answer = "ok pid " + std::to_string(process_->pid()) + "\n";
  const auto deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(20));
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->running()) return false;
    const HttpReply reply = http_get(http_port_, "/healthz");
    if (reply.status == 200 && reply.body == own_answer) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::optional<int> EngineInstance::wait(std::chrono::milliseconds timeout) {
  if (!process_) return std::nullopt;
  return process_->wait(timeout);
}

void EngineInstance::start_to_die_at(const std::string& kill_at,
                                     const std::vector<std::string>& extra_arguments) {
  std::vector<std::string> argv = command("run");
  argv.insert(argv.end(), extra_arguments.begin(), extra_arguments.end());
  process_ = std::make_unique<ChildProcess>(
      argv, work_dir_ / ("engine-" + std::to_string(++runs_) + ".log"),
      std::vector<std::pair<std::string, std::string>>{{"EVENT_ENGINE_KILL_AT", kill_at}});
}

std::string EngineInstance::kill_point_line() const {
  const std::string output = log();
  const std::size_t at = output.find("kill point ");
  if (at == std::string::npos) return {};
  return output.substr(at, output.find('\n', at) - at);
}

std::optional<int> EngineInstance::stop() {
  if (!process_) return std::nullopt;
  process_->signal(SIGTERM);
  return process_->wait(scaled(std::chrono::seconds(20)));
}

void EngineInstance::kill() {
  if (!process_) return;
  process_->signal(SIGKILL);
  process_->wait(scaled(std::chrono::seconds(20)));
}

std::string EngineInstance::log() const { return process_ ? process_->output() : std::string(); }

double metric_value(const std::string& metrics_text, const std::string& name) {
  std::istringstream lines(metrics_text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

}  // namespace event_engine::testing
