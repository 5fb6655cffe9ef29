#include "test_certificates.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace event_engine::testing {
namespace {

constexpr auto openssl_patience = std::chrono::seconds(30);
// Two days, not one: a certificate valid from "now" is not refused for a second of clock skew.
const std::string validity_days = "2";

void run_openssl(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "openssl");
  std::string output;
  const int code = run_program(arguments, output, openssl_patience);
  if (code != 0) {
    std::string command;
    for (const std::string& argument : arguments) command += argument + " ";
    throw std::runtime_error("test certificates: '" + command + "' exited with " + std::to_string(code) +
                             ":\n" + output);
  }
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  if (!file.flush()) throw std::runtime_error("test certificates: cannot write " + path.string());
}

// `openssl req` arguments for a new P-256 key without a passphrase: a fraction of RSA's generation
// time, and both nats.c (OpenSSL) and nats-server (Go) accept it.
std::vector<std::string> new_key_request(const std::filesystem::path& key, const std::string& subject) {
  return {"req",    "-newkey", "ec",         "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes", "-keyout", key.string(), "-subj",    subject};
}

// A key and a signing request for `name`, then its certificate signed by the CA with `extensions`
// (an extensions file, so nothing depends on the system's openssl.cnf).
void issue(const TempDir& directory, const std::string& name, const std::string& subject,
           const std::string& serial, const std::string& extensions) {
  const std::filesystem::path extensions_file = directory / (name + ".ext");
  write_file(extensions_file, extensions);
  const std::filesystem::path request = directory / (name + ".csr");
  std::vector<std::string> request_arguments = new_key_request(directory / (name + ".key"), subject);
  request_arguments.insert(request_arguments.end(), {"-out", request.string()});
  run_openssl(request_arguments);
  run_openssl({"x509", "-req", "-in", request.string(), "-CA", (directory / "ca.pem").string(), "-CAkey",
               (directory / "ca.key").string(), "-set_serial", serial, "-days", validity_days, "-extfile",
               extensions_file.string(), "-out", (directory / (name + ".pem")).string()});
}

}  // namespace

TestCertificates::TestCertificates() {
  std::vector<std::string> ca = new_key_request(directory_ / "ca.key", "/CN=event-engine-test-ca");
  ca.insert(ca.end(), {"-x509", "-days", validity_days, "-addext", "basicConstraints=critical,CA:TRUE",
                       "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", ca_file().string()});
  run_openssl(ca);
  // The clients connect to 127.0.0.1, so that is the name the server's certificate must carry.
  issue(directory_, "server", "/CN=127.0.0.1", "2",
        "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  issue(directory_, "client", "/CN=event-engine-test-client", "3",
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
}

}  // namespace event_engine::testing
