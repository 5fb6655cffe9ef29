// The latency row's client: one event per message at a steady rate, each message stamped with its
// send time (the zmq broker's optional third frame), so the engine can tell how old an event is
// once applied. A late wake-up sends what is due at once, each message with its own time.
#include <sys/prctl.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <thread>
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
  app.add_option("--seconds", seconds, "how long to send");
  CLI11_PARSE(app, argc, argv);

  // The default 50 us timer slack would be half of the 100 us between two events at 10,000/s.
  prctl(PR_SET_TIMERSLACK, 1UL);
  zmq::context_t context;
  zmq::socket_t push(context, zmq::socket_type::push);
  push.set(zmq::sockopt::linger, -1);
  push.connect(endpoint);

  using Clock = std::chrono::steady_clock;
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  const auto total = static_cast<std::uint64_t>(rate * seconds);
  const Clock::time_point start = Clock::now();
  for (std::uint64_t sent = 0; sent < total; ++sent) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(interval * sent));
    send_stamped(push, topic);
  }
  std::printf("{\"sent\": %llu}\n", static_cast<unsigned long long>(total));
  return 0;
}
