// A real nats-server with JetStream for tests: free loopback ports (client and monitoring), a
// temporary store directory of its own; stopped by its pid. It can be killed and started again on
// the same ports and directory (JetStream's file store survives that). NatsCluster runs three of
// them joined by cluster routes on loopback, for replicated streams.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_certificates.hpp"

namespace event_engine::testing {

struct NatsServerOptions {
  std::string server_name = "nats-test";
  // Cluster mode: this node's route port and every node's route URL (its own included).
  int cluster_port = 0;
  std::vector<std::string> routes;
  // More arguments for nats-server, e.g. {"--user", "u", "--pass", "p"}.
  std::vector<std::string> extra_arguments;
};

// nats-server arguments for TLS on the client port with the test CA's server certificate; with
// `verify_clients`, mutual TLS: every client must present a certificate the test CA signed. The
// monitoring port stays plain HTTP (-m), so readiness is still polled on /healthz.
std::vector<std::string> nats_tls_arguments(const TestCertificates& certificates, bool verify_clients);

class NatsServer {
 public:
  // Starts the server and waits until its monitoring /healthz says JetStream is ready (for a
  // cluster node started alone: until it listens); throws std::runtime_error if it does not.
  explicit NatsServer(NatsServerOptions options = {});
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  int port() const noexcept { return port_; }
  // The monitoring endpoint's port (plain HTTP: /healthz, /jsz).
  int monitor_port() const noexcept { return monitor_port_; }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  // The same port with the tls:// scheme, which makes the client insist on TLS.
  std::string tls_url() const { return "tls://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& directory() const noexcept { return directory_.path(); }

  // SIGKILL and wait: a crash, nothing flushed.
  void kill();
  // SIGSTOP and SIGCONT: a server that stops answering for a while (a starved machine), with its
  // connections left open.
  void pause();
  void resume();
  // Starts again on the same ports and store directory. `wait_for_jetstream`: wait for /healthz.
  void start(bool wait_for_jetstream = true);
  bool running() const;
  // True when the monitoring endpoint answers /healthz with 200 (JetStream up, meta leader known).
  bool healthy() const;
  // What the current run has written so far (the server's own account of refused clients).
  std::string log() const;

 private:
  NatsServerOptions options_;
  TempDir directory_;
  int port_;
  int monitor_port_;
  int runs_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// Three JetStream nodes routed to each other on loopback.
class NatsCluster {
 public:
  NatsCluster();
  NatsServer& node(std::size_t index) { return *nodes_.at(index); }
  std::size_t size() const noexcept { return nodes_.size(); }
  // Every node's client URL, comma-separated, as the broker's `servers` takes them.
  std::string urls() const;
  // True when every running node answers /healthz with 200.
  bool healthy() const;

 private:
  std::vector<std::unique_ptr<NatsServer>> nodes_;
};

}  // namespace event_engine::testing
