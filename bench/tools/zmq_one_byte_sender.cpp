// The zmq_e2e client: an outside process that PUSHes one-byte events, one per message, to an
// engine's tcp endpoint, then waits until ZeroMQ has handed every message over.
#include <CLI/CLI.hpp>
#include <zmq.hpp>

#include "one_byte_messages.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sends one-byte events, one per ZeroMQ message"};
  std::string endpoint;
  std::uint64_t messages = 10'000'000;
  app.add_option("--endpoint", endpoint, "the engine's tcp://127.0.0.1:PORT")->required();
  app.add_option("--messages", messages, "messages to send");
  CLI11_PARSE(app, argc, argv);

  zmq::context_t context;
  zmq::socket_t push(context, zmq::socket_type::push);
  push.set(zmq::sockopt::linger, -1);
  push.connect(endpoint);
  bench::send_one_byte_messages(push, messages);
  return 0;
}
