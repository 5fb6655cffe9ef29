// The tests' ChildProcess::pause() stands for a hung server: it must not return while a thread of
// the program can still answer. kill(SIGSTOP) only queues the signal; right after it returned, a
// thread of nats-server was still running in about one case of four on a two-core host, and a
// test that fetched meanwhile got its messages from a server it took for stopped.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "child_process.hpp"
#include "free_port.hpp"
#include "temp_dir.hpp"

namespace {

using event_engine::testing::ChildProcess;
using event_engine::testing::free_port;
using event_engine::testing::TempDir;

// The scheduler state of each thread of `pid`: 'T' (stopped) or 't' (traced) once stopped.
std::string thread_states(pid_t pid) {
  std::string states;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // The command name, in parentheses, may hold spaces: the state follows its last ')'.
    const std::size_t close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size()) states += line[close + 2];
  }
  return states;
}

TEST(ChildProcess, PauseReturnsOnlyOnceEveryThreadHasStopped) {
  TempDir directory;
  // nats-server: a Go program with a thread per core and more, like the servers the tests pause.
  ChildProcess server({"nats-server", "-js", "-a", "127.0.0.1", "-p", std::to_string(free_port()), "-sd",
                       (directory / "store").string()},
                      directory / "output.txt");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(server.running()) << server.output();
  for (int round = 0; round < 100; ++round) {
    server.pause();
    const std::string states = thread_states(server.pid());
    ASSERT_GT(states.size(), 1u);
    ASSERT_EQ(states.find_first_not_of("Tt"), std::string::npos) << "round " << round << ": " << states;
    server.signal(SIGCONT);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(server.running());
}

}  // namespace
