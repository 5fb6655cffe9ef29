// A client that sends at a steady rate, for the rows that measure under load.
// - The latency row: one event per message, each message stamped with its send time (the zmq
//   broker's optional third frame), so the engine can tell how old an event is once applied.
// - With --file F --events-per-message N (keyed_visible, experiment_reads): F's lines, in turn and
//   again from the top, N per message (each line ending in a newline, as event-engine publish
//   sends them), until --seconds or SIGTERM: one long-lived process instead of a publish process
//   started every 100 ms, whose start-up and bursts the engine's figures then carried.
// A late wake-up sends what is due at once.
#include <sys/prctl.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace {

std::uint64_t now_unix_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

void send_stamped(zmq::socket_t& push, const std::string& topic) {
  char digits[24];
  const auto written = std::to_chars(std::begin(digits), std::end(digits), now_unix_ns());
  push.send(zmq::buffer(topic), zmq::send_flags::sndmore);
  push.send(zmq::str_buffer("w"), zmq::send_flags::sndmore);
  push.send(zmq::buffer(digits, static_cast<std::size_t>(written.ptr - digits)));
}

std::atomic<bool> stop_requested{false};

// The file's lines cut into message bodies of `per_message` newline-ended events.
std::vector<std::string> message_bodies(const std::string& file, std::size_t per_message) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::vector<std::string> bodies(1);
  std::size_t in_body = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (in_body == per_message) {
      bodies.emplace_back();
      in_body = 0;
    }
    bodies.back().append(line).push_back('\n');
    ++in_body;
  }
  return bodies;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sends time-stamped one-event messages at a steady rate"};
  std::string endpoint;
  std::string topic = "update_model";
  double rate = 10'000;
  double seconds = 10;
  app.add_option("--endpoint", endpoint, "the engine's tcp://127.0.0.1:PORT")->required();
  app.add_option("--topic", topic, "the topic frame");
  app.add_option("--rate", rate, "events per second");
  app.add_option("--seconds", seconds, "how long to send (0: until SIGTERM)");
  std::string file;
  std::size_t events_per_message = 1;
  app.add_option("--file", file, "send this file's lines (unstamped), in turn and again");
  app.add_option("--events-per-message", events_per_message, "with --file: lines per message")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  std::signal(SIGTERM, [](int) { stop_requested = true; });

  // The default 50 us timer slack would be half of the 100 us between two events at 10,000/s.
  prctl(PR_SET_TIMERSLACK, 1UL);
  zmq::context_t context;
  zmq::socket_t push(context, zmq::socket_type::push);
  push.set(zmq::sockopt::linger, -1);
  push.connect(endpoint);

  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  if (!file.empty()) {
    const std::vector<std::string> bodies = message_bodies(file, events_per_message);
    const auto interval = std::chrono::duration<double>(static_cast<double>(events_per_message) / rate);
    const auto until =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::uint64_t messages = 0;
    while (!stop_requested && (seconds == 0 || Clock::now() < until)) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(interval * messages));
      const std::string& body = bodies[messages % bodies.size()];
      push.send(zmq::buffer(topic), zmq::send_flags::sndmore);
      push.send(zmq::buffer(body));
      ++messages;
    }
    std::printf("{\"sent_messages\": %llu}\n", static_cast<unsigned long long>(messages));
    return 0;
  }
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  const auto total = static_cast<std::uint64_t>(rate * seconds);
  for (std::uint64_t sent = 0; sent < total && !stop_requested; ++sent) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(interval * sent));
    send_stamped(push, topic);
  }
  std::printf("{\"sent\": %llu}\n", static_cast<unsigned long long>(total));
  return 0;
}
