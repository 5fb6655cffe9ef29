// The transport's own limit, for the zmq rows: raw cppzmq PUSH/PULL of one-byte messages between
// two threads, with the engine's receive high-water mark. Over tcp each thread has its own
// context (so its own I/O thread), as a client process and the engine have, unless
// --shared-context; inproc needs one. Prints {"events_per_s": ...} measured by the receiver over
// the middle 80% of the messages.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <thread>
#include <zmq.hpp>

#include "middle_window_rate.hpp"
#include "one_byte_messages.hpp"

int main(int argc, char** argv) {
  CLI::App app{"raw ZeroMQ PUSH/PULL throughput of one-byte messages"};
  std::string endpoint;
  std::uint64_t messages = 10'000'000;
  int receive_high_water_mark = 100'000;
  app.add_option("--endpoint", endpoint, "tcp://127.0.0.1:PORT or inproc://NAME")->required();
  app.add_option("--messages", messages, "messages to send");
  app.add_option("--receive-high-water-mark", receive_high_water_mark, "the PULL socket's rcvhwm");
  bool shared_context = false;
  app.add_flag("--shared-context", shared_context, "one context (one I/O thread) for both threads");
  CLI11_PARSE(app, argc, argv);

  const bool one_context = shared_context || endpoint.starts_with("inproc://");
  zmq::context_t receiving_context;
  std::optional<zmq::context_t> sending_context;
  if (!one_context) sending_context.emplace();

  zmq::socket_t pull(receiving_context, zmq::socket_type::pull);
  pull.set(zmq::sockopt::rcvhwm, receive_high_water_mark);
  pull.bind(endpoint);

  bench::MiddleWindowRate rate(messages);
  std::thread receiver([&] {
    zmq::message_t message;
    for (std::uint64_t received = 1; received <= messages; ++received) {
      if (!pull.recv(message)) return;
      rate.passed(received);
    }
  });
  {
    zmq::socket_t push(one_context ? receiving_context : *sending_context, zmq::socket_type::push);
    push.connect(endpoint);
    bench::send_one_byte_messages(push, messages);
  }
  receiver.join();
  std::printf("{\"events_per_s\": %.0f}\n", rate.per_second());
  return 0;
}
