// The transport's own limit, for the zmq rows: raw cppzmq PUSH/PULL between two threads, with the
// engine's receive high-water mark: one-byte messages (zmq_e2e), or with --events-per-message N
// the frames `event-engine publish` sends (a topic frame, then N newline-ended events of the
// harness's file), whose receiver counts the events of each body as the least a consumer must do
// (zmq_e2e_batched), with the engine's own separator count (AVX-512 where the processor has it), so
// that the engine's vectorised intake is not measured against a slower scalar count. Over tcp each thread has
// its own context (so its own I/O thread), as a client process and the engine have, unless --shared-context;
// inproc needs one. Prints
// {"events_per_s": ...} measured by the receiver over the middle 80% of the events.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "event_engine/delimited_scan.hpp"
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
  std::uint64_t events_per_message = 1;
  app.add_option("--events-per-message", events_per_message,
                 "above 1: two-frame messages of this many events, as event-engine publish sends them");
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

  const bool framed = events_per_message > 1;
  bench::MiddleWindowRate rate(framed ? messages * events_per_message : messages);
  std::thread receiver([&] {
    zmq::message_t message;
    std::uint64_t events = 0;
    for (std::uint64_t received = 1; received <= messages; ++received) {
      if (!pull.recv(message)) return;
      if (framed) {
        if (!pull.recv(message)) return;  // the body, after the topic frame
        const char* body = message.data<char>();
        events += static_cast<std::uint64_t>(event_engine::delimited_scan::count(body, message.size(), '\n'));
      } else {
        events = received;
      }
      rate.passed(events);
    }
  });
  {
    zmq::socket_t push(one_context ? receiving_context : *sending_context, zmq::socket_type::push);
    push.connect(endpoint);
    if (framed) {
      // The harness's events file: the same ten-event pattern, cut into messages of N events.
      static constexpr std::string_view pattern = "w\nl\nw\nw\nl\nw\nw\nl\nw\nw\n";
      std::string body;
      for (std::uint64_t i = 0; i < events_per_message; ++i) body.append(pattern.substr(2 * (i % 10), 2));
      for (std::uint64_t i = 0; i < messages; ++i) {
        push.send(zmq::str_buffer("update_model"), zmq::send_flags::sndmore);
        push.send(zmq::buffer(body));
      }
    } else {
      bench::send_one_byte_messages(push, messages);
    }
  }
  receiver.join();
  std::printf("{\"events_per_s\": %.0f}\n", rate.per_second());
  return 0;
}
