// The http rows' baseline: a bare cpp-httplib server tuned as the engine's front was before it
// became event-driven (64 workers, TCP_NODELAY, SO_REUSEADDR only, raised listen backlog, body
// limit, 100 requests per keep-alive connection) and nothing behind the handlers: the fastest
// thread-per-connection server this library gives. GET /update_model/w answers 201 and POST
// /events 202 without parsing the body. Prints the port once listening; stops on SIGTERM or SIGINT.
#include <httplib.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <thread>

int main(int argc, char** argv) {
  CLI::App app{"a bare cpp-httplib server with the engine's settings"};
  std::string host = "127.0.0.1";
  int threads = 64;
  std::size_t max_body_bytes = 67'108'864;
  std::size_t keep_alive_max_count = 100;
  app.add_option("--host", host, "address to bind");
  app.add_option("--threads", threads, "worker threads (the engine's http.threads)");
  app.add_option("--max-body-bytes", max_body_bytes, "body limit (the engine's http.max_body_bytes)");
  app.add_option("--keep-alive-max-count", keep_alive_max_count, "requests per connection");
  CLI11_PARSE(app, argc, argv);

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.set_tcp_nodelay(true);
  socket_t listening = INVALID_SOCKET;
  server.set_socket_options([&listening](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listening = socket;
  });
  server.set_payload_max_length(max_body_bytes);
  server.set_keep_alive_max_count(keep_alive_max_count);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.Get("/update_model/w", [](const httplib::Request&, httplib::Response& response) {
    response.status = 201;
    response.set_content("Model updated", "text/plain; charset=utf-8");
  });
  server.Post("/events", [](const httplib::Request&, httplib::Response& response) {
    response.status = 202;
    response.set_content(R"({"accepted":10000,"topic":"update_model"})", "application/json");
  });
  const int port = server.bind_to_any_port(host);
  if (port <= 0) {
    std::fprintf(stderr, "cannot listen on %s\n", host.c_str());
    return 1;
  }
  ::listen(listening, SOMAXCONN);
  std::thread listener([&server] { server.listen_after_bind(); });
  std::printf("%d\n", port);
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.stop();
  listener.join();
  return 0;
}
