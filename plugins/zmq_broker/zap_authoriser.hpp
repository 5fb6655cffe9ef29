// The ZAP handler of a broker's ZeroMQ context (RFC 27): libzmq asks it about each CURVE client of
// a binding socket, during the handshake, and it lets in only the authorised public keys. Without
// a handler libzmq would let in any client that knows the server's public key.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace zmq_broker {

class ZapAuthoriser {
 public:
  // Binds the context's ZAP endpoint and answers on a thread of its own until destroyed.
  // `authorised_keys` are raw 32-byte public keys.
  ZapAuthoriser(zmq::context_t& context, std::vector<std::string> authorised_keys,
                std::shared_ptr<spdlog::logger> logger);
  ~ZapAuthoriser();
  ZapAuthoriser(const ZapAuthoriser&) = delete;
  ZapAuthoriser& operator=(const ZapAuthoriser&) = delete;

 private:
  void serve();
  void answer(const std::vector<zmq::message_t>& request);

  const std::vector<std::string> authorised_keys_;
  std::shared_ptr<spdlog::logger> logger_;
  zmq::socket_t socket_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace zmq_broker
