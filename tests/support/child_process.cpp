#include "child_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

namespace event_engine::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& output,
                           const std::vector<std::pair<std::string, std::string>>& environment)
    : output_(output) {
  std::vector<char*> arguments;
  for (const std::string& argument : argv) arguments.push_back(const_cast<char*>(argument.c_str()));
  arguments.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // A test killed outright (a ctest timeout, Ctrl-C) leaves no server or engine running behind it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    const int null_input = open("/dev/null", O_RDONLY);
    dup2(null_input, STDIN_FILENO);
    for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    execvp(arguments[0], arguments.data());
    _exit(127);
  }
}

namespace {

// A waitpid status of a program that ended: its exit code, or 128 + the signal that killed it.
int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
}

void ChildProcess::signal(int number) const { kill(pid_, number); }

void ChildProcess::pause() {
  kill(pid_, SIGSTOP);
  // The kernel reports the stop to the parent (WUNTRACED) when the last thread has stopped.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!exit_code_) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG | WUNTRACED);
    if (done == pid_ && WIFSTOPPED(status)) return;
    if (done == pid_) {
      exit_code_ = exit_code_of(status);
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("the program did not stop within 10 s of SIGSTOP");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exit_code_) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = exit_code_of(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

bool ChildProcess::running() { return pid_ > 0 && !wait(std::chrono::milliseconds(0)); }

std::string ChildProcess::output() const {
  std::ifstream in(output_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_program(const std::vector<std::string>& argv, std::string& output,
                std::chrono::milliseconds timeout) {
  TempDir scratch;
  ChildProcess child(argv, scratch / "output.txt");
  const std::optional<int> code = child.wait(timeout);
  output = child.output();
  if (!code) throw std::runtime_error("program did not finish in time: " + argv.front());
  return *code;
}

}  // namespace event_engine::testing
