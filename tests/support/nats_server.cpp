#include "nats_server.hpp"

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "free_port.hpp"
#include "http_client.hpp"

namespace event_engine::testing {
namespace {

constexpr auto start_patience = std::chrono::seconds(20);

}  // namespace

std::vector<std::string> nats_tls_arguments(const TestCertificates& certificates, bool verify_clients) {
  std::vector<std::string> arguments = {verify_clients ? "--tlsverify" : "--tls", "--tlscert",
                                        certificates.server_cert_file().string(), "--tlskey",
                                        certificates.server_key_file().string()};
  if (verify_clients) arguments.insert(arguments.end(), {"--tlscacert", certificates.ca_file().string()});
  return arguments;
}

NatsServer::NatsServer(NatsServerOptions options)
    : options_(std::move(options)), port_(free_port()), monitor_port_(free_port()) {
  start(options_.routes.empty());
}

NatsServer::~NatsServer() {
  if (running()) kill();
}

void NatsServer::start(bool wait_for_jetstream) {
  std::vector<std::string> argv = {"nats-server",
                                   "-a",
                                   "127.0.0.1",
                                   "-p",
                                   std::to_string(port_),
                                   "-m",
                                   std::to_string(monitor_port_),
                                   "-js",
                                   "-sd",
                                   directory_.path().string(),
                                   "-n",
                                   options_.server_name};
  if (options_.cluster_port != 0) {
    std::string routes;
    for (const std::string& route : options_.routes) routes += (routes.empty() ? "" : ",") + route;
    argv.insert(argv.end(),
                {"--cluster_name", "event-engine-test", "--cluster",
                 "nats://127.0.0.1:" + std::to_string(options_.cluster_port), "--routes", routes});
  }
  argv.insert(argv.end(), options_.extra_arguments.begin(), options_.extra_arguments.end());
  process_ = std::make_unique<ChildProcess>(argv, directory_ / ("nats-" + std::to_string(++runs_) + ".log"));
  const auto deadline = std::chrono::steady_clock::now() + start_patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->running()) break;
    const int status = http_get(monitor_port_, "/healthz").status;
    // A cluster node started before its peers listens (503: no meta leader yet); that is enough.
    if (status == 200 || (!wait_for_jetstream && status != 0)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string log = process_->output();
  process_.reset();
  throw std::runtime_error("nats-server did not become ready on port " + std::to_string(port_) + ":\n" + log);
}

void NatsServer::kill() {
  if (!running()) return;
  process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(10));
}

void NatsServer::pause() {
  if (running()) process_->pause();
}

void NatsServer::resume() {
  if (running()) process_->signal(SIGCONT);
}

bool NatsServer::running() const { return process_ != nullptr && process_->running(); }

std::string NatsServer::log() const { return process_ != nullptr ? process_->output() : std::string(); }

bool NatsServer::healthy() const { return running() && http_get(monitor_port_, "/healthz").status == 200; }

NatsCluster::NatsCluster() {
  constexpr std::size_t nodes = 3;
  std::vector<int> cluster_ports;
  std::vector<std::string> routes;
  for (std::size_t i = 0; i < nodes; ++i) {
    cluster_ports.push_back(free_port());
    routes.push_back("nats://127.0.0.1:" + std::to_string(cluster_ports.back()));
  }
  for (std::size_t i = 0; i < nodes; ++i) {
    nodes_.push_back(
        std::make_unique<NatsServer>(NatsServerOptions{.server_name = "node-" + std::to_string(i),
                                                       .cluster_port = cluster_ports[i],
                                                       .routes = routes,
                                                       .extra_arguments = {}}));
  }
  const auto deadline = std::chrono::steady_clock::now() + start_patience;
  while (!healthy()) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("the NATS cluster did not form");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string NatsCluster::urls() const {
  std::string urls;
  for (const auto& node : nodes_) urls += (urls.empty() ? "" : ",") + node->url();
  return urls;
}

bool NatsCluster::healthy() const {
  for (const auto& node : nodes_) {
    if (node->running() && !node->healthy()) return false;
  }
  return true;
}

}  // namespace event_engine::testing
