// A throwaway certificate authority for TLS tests, made at test time with the openssl command line
// in a directory of its own: the CA, a server certificate for 127.0.0.1 and a client certificate,
// both signed by the CA. Nothing is downloaded and no private key is ever committed: the keys live
// only as long as the object.
#pragma once

#include <filesystem>

#include "temp_dir.hpp"

namespace event_engine::testing {

class TestCertificates {
 public:
  // Runs openssl; throws std::runtime_error with its output if a step fails.
  TestCertificates();

  std::filesystem::path ca_file() const { return directory_ / "ca.pem"; }
  // subjectAltName IP:127.0.0.1, extended key usage serverAuth.
  std::filesystem::path server_cert_file() const { return directory_ / "server.pem"; }
  std::filesystem::path server_key_file() const { return directory_ / "server.key"; }
  // Extended key usage clientAuth, for mutual TLS.
  std::filesystem::path client_cert_file() const { return directory_ / "client.pem"; }
  std::filesystem::path client_key_file() const { return directory_ / "client.key"; }

 private:
  TempDir directory_;
};

}  // namespace event_engine::testing
