// One NATS connection and its JetStream context, opened on first use (a factory does no I/O). It
// reconnects by itself, forever, with a doubling wait; while it is down, connected() is false and
// /readyz answers 503. The connection is thread-safe: every publisher and the pipeline share it.
#pragma once

#include <nats/nats.h>
#include <spdlog/logger.h>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "connection_settings.hpp"

namespace nats_broker {

// A NATS call failed; the message names the call and what the client or the server said.
class NatsError : public std::runtime_error {
 public:
  NatsError(const std::string& what_failed, natsStatus status,
            jsErrCode js_error = static_cast<jsErrCode>(0));
  natsStatus status() const noexcept { return status_; }
  jsErrCode js_error() const noexcept { return js_error_; }
  // An outage that may pass: no server answers (yet), a request timed out or found no responder,
  // JetStream has no leader or no peers for now. Refusals (credentials, TLS, a config) are not.
  bool transient() const noexcept;

 private:
  natsStatus status_;
  jsErrCode js_error_;
  // The server said so in words: calls such as js_KeyValue give its JetStream error as text only.
  bool said_unavailable_ = false;
};

class NatsConnection {
 public:
  // `client_name` is shown by the server's monitoring (connz).
  NatsConnection(ConnectionSettings settings, std::shared_ptr<spdlog::logger> logger,
                 std::string client_name);
  ~NatsConnection();
  NatsConnection(const NatsConnection&) = delete;
  NatsConnection& operator=(const NatsConnection&) = delete;

  // Opens the connection if it is not open yet; with every server down it returns all the same and
  // keeps trying in the background. Throws NatsError for settings the client refuses (a missing
  // credential variable, an unreadable certificate) and for a server that answers but refuses the
  // connection (its TLS certificate not trusted, wrong credentials); the next call tries again.
  natsConnection* connection();
  // A JetStream context on the connection, for stream, consumer and bucket management.
  jsCtx* jetstream();
  // A new JetStream context (each publisher owns one: it tracks that publisher's acknowledgements).
  jsCtx* new_jetstream_context(jsOptions* options);

  bool connected();
  const ConnectionSettings& settings() const noexcept { return settings_; }
  spdlog::logger& logger() const noexcept { return *logger_; }

  struct CallbackState;

 private:
  void open();

  const ConnectionSettings settings_;
  std::shared_ptr<spdlog::logger> logger_;
  const std::string client_name_;
  std::mutex opening_;
  natsConnection* connection_ = nullptr;
  jsCtx* jetstream_ = nullptr;
  std::unique_ptr<CallbackState> callbacks_;
};

}  // namespace nats_broker
