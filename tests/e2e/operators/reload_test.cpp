// SIGHUP to a real `event-engine run` while a client streams trials into it over HTTP (the
// embedded ZeroMQ pipeline): reloads that rebuild the visualiser, the pipeline settings, the
// model and the broker, and reloads that are refused (a model change that does not fit the
// state, a broken file) or only reported (an http change). Every trial answered 201 is applied
// exactly once: the model's counts equal the client's, also after a restart from the checkpoint.
// The port stays open throughout: a connection made during a reload's pause waits for the new
// server, it is never refused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

std::string trial(std::int64_t i) { return i % 5 < 3 ? "w" : "l"; }

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds patience = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

nlohmann::json model_summary(int port) {
  const HttpReply reply = http_get(port, "/model?compact=1");
  return reply.status == 200 ? nlohmann::json::parse(reply.body) : nlohmann::json::object();
}

// Sends trials one after another until told to stop, counting those answered 201. A refused
// connection (the HTTP server is rebuilt during a reload) is not an accepted trial: it is sent again.
class TrialStream {
 public:
  explicit TrialStream(int port) : thread_([this, port] { send(port); }) {}
  ~TrialStream() { finish(); }

  void finish() {
    done_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::int64_t accepted() const { return accepted_w_.load() + accepted_l_.load(); }
  std::int64_t accepted_w() const { return accepted_w_.load(); }
  std::int64_t accepted_l() const { return accepted_l_.load(); }
  std::int64_t unexpected() const { return unexpected_.load(); }
  std::int64_t refused() const { return refused_.load(); }

 private:
  void send(int port) {
    // Bounded: a stuck engine ends the stream, and the counts then disagree.
    for (std::int64_t i = 0, attempts = 0; !done_.load() && attempts < 1'000'000; ++attempts) {
      const int status = http_get(port, "/update_model/" + trial(i)).status;
      if (status == 201) {
        (trial(i) == "w" ? accepted_w_ : accepted_l_).fetch_add(1);
        ++i;
      } else if (status == 0) {
        refused_.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      } else {
        unexpected_.fetch_add(1);
      }
    }
  }

  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> accepted_w_{0};
  std::atomic<std::int64_t> accepted_l_{0};
  std::atomic<std::int64_t> refused_{0};
  std::atomic<std::int64_t> unexpected_{0};
  std::thread thread_;
};

// Opens a TCP connection to the port every millisecond, and closes it at once, until told to
// stop: counts the connections made and those refused (nothing listening).
class ConnectionProbe {
 public:
  explicit ConnectionProbe(int port) : thread_([this, port] { probe(port); }) {}
  ~ConnectionProbe() { finish(); }

  void finish() {
    done_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::int64_t connected() const { return connected_.load(); }
  std::int64_t refused() const { return refused_.load(); }

 private:
  void probe(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    while (!done_.load()) {
      const int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        connected_.fetch_add(1);
      } else if (errno == ECONNREFUSED) {
        refused_.fetch_add(1);
      }
      ::close(socket);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> connected_{0};
  std::atomic<std::int64_t> refused_{0};
  std::thread thread_;
};

class Reload : public ::testing::Test {
 protected:
  Reload()
      : engine_(work_.path(), "config/default.json", {"broker.config.endpoints=[\"inproc://reload-test\"]"}) {
    std::ifstream in(engine_.config_file());
    std::stringstream text;
    text << in.rdbuf();
    current_ = text.str();
  }

  // Replaces `find` by `replace` in the config file (edits add up, as an operator's would).
  void edit_config(const std::string& find, const std::string& replace) {
    const std::size_t at = current_.find(find);
    ASSERT_NE(at, std::string::npos) << find;
    current_.replace(at, find.size(), replace);
    std::ofstream(engine_.config_file(), std::ios::trunc) << current_;
  }

  // SIGHUP, then waits for the reload's closing line (`outcome`) and for the stream to go on.
  void reload_and_expect(const std::string& outcome, const TrialStream& stream) {
    const std::size_t before = occurrences(engine_.log(), outcome);
    ASSERT_EQ(::kill(engine_.pid(), SIGHUP), 0);
    ASSERT_TRUE(wait_until([&] { return occurrences(engine_.log(), outcome) > before; })) << engine_.log();
    const std::int64_t accepted = stream.accepted();
    ASSERT_TRUE(wait_until([&] { return stream.accepted() >= accepted + 20; })) << engine_.log();
  }

  TempDir work_;
  EngineInstance engine_;
  std::string current_;
};

TEST_F(Reload, ReloadsInTheMiddleOfAStreamLoseNoTrialAndApplyNoneTwice) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  TrialStream stream(engine_.http_port());
  ConnectionProbe probe(engine_.http_port());
  ASSERT_TRUE(wait_until([&] { return stream.accepted() >= 50; })) << engine_.log();

  edit_config("\"min_interval_ms\": 100", "\"min_interval_ms\": 150");
  reload_and_expect("reload: applied process.visualisers;", stream);

  edit_config("\"every_events\": 100000", "\"every_events\": 7");
  reload_and_expect("reload: applied process settings (checkpoint, dead_letter, max_batch, linger_ms);",
                    stream);

  edit_config("\"failure\": [\"l\"]", "\"failure\": [\"l\"], \"interval_mass\": 0.5");
  reload_and_expect("reload: applied process.model;", stream);
  EXPECT_EQ(model_summary(engine_.http_port()).value("interval_mass", 0.0), 0.5);

  edit_config("\"pattern\": \"push_pull\",", "\"pattern\": \"push_pull\", \"high_water_mark\": 5000,");
  reload_and_expect("reload: applied broker;", stream);

  edit_config("\"grid_points\": 120", "\"grid_points\": 60");
  reload_and_expect("reload refused; still running the previous config unchanged", stream);
  EXPECT_NE(
      engine_.log().find("the model's new config does not fit its current state: binomial_grid snapshot: "
                         "taken with grid_points 120, but the config now says 60"),
      std::string::npos)
      << engine_.log();
  EXPECT_EQ(model_summary(engine_.http_port()).value("grid_points", 0), 120);
  edit_config("\"grid_points\": 60", "\"grid_points\": 120");

  edit_config("\"process\": {", "\"process\": { \"max_batch\": ");
  reload_and_expect("reload refused: 1 error(s) in the config; still running the previous config unchanged",
                    stream);
  EXPECT_NE(engine_.log().find("reload: " + engine_.config_file().string() + ":"), std::string::npos)
      << engine_.log();
  edit_config("\"process\": { \"max_batch\": ", "\"process\": {");

  edit_config("\"http\": {", "\"http\": { \"threads\": 3,");
  reload_and_expect("reload: nothing else changed; the pipeline runs on untouched", stream);
  EXPECT_NE(
      engine_.log().find("reload: http (listen, limits, auth: the server keeps its socket) changed; that "
                         "applies only at a restart"),
      std::string::npos)
      << engine_.log();

  stream.finish();
  probe.finish();
  EXPECT_EQ(stream.unexpected(), 0);
  EXPECT_EQ(probe.refused(), 0) << "of " << probe.refused() + probe.connected() << " connections";
  EXPECT_GT(probe.connected(), 100);
  const std::int64_t sent = stream.accepted();
  ASSERT_TRUE(wait_until([&] { return model_summary(engine_.http_port()).value("n", -1) == sent; }))
      << "model n " << model_summary(engine_.http_port()).value("n", -1) << ", accepted " << sent << "\n"
      << engine_.log();
  nlohmann::json summary = model_summary(engine_.http_port());
  EXPECT_EQ(summary.value("w", -1), stream.accepted_w());
  EXPECT_EQ(summary.value("l", -1), stream.accepted_l());

  // The last checkpoint covers exactly what was applied: a restart shows the same counts.
  ASSERT_EQ(engine_.stop(), 0) << engine_.log();
  ASSERT_TRUE(engine_.start()) << engine_.log();
  summary = model_summary(engine_.http_port());
  EXPECT_EQ(summary.value("w", -1), stream.accepted_w());
  EXPECT_EQ(summary.value("l", -1), stream.accepted_l());
  EXPECT_EQ(summary.value("interval_mass", 0.0), 0.5);
}

}  // namespace
}  // namespace event_engine::testing
