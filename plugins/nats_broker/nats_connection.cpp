#include "nats_connection.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <vector>

namespace nats_broker {
namespace {

constexpr std::int64_t first_reconnect_wait_ms = 100;
constexpr auto closing_patience = std::chrono::seconds(5);

std::string describe(natsStatus status) {
  const char* last = nats_GetLastError(nullptr);
  std::string text = natsStatus_GetText(status);
  if (last != nullptr && last[0] != '\0' && text != last) text += std::string(" (") + last + ")";
  return text;
}

// The value of the environment variable `name`; throws when it is unset, naming the variable only.
std::string credential(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || value[0] == '\0') {
    throw std::runtime_error("NATS credentials: environment variable " + name + " is not set");
  }
  return value;
}

void check(natsStatus status, const char* what) {
  if (status != NATS_OK) throw NatsError(what, status);
}

}  // namespace

// What the client's callbacks use. They run on the client's own threads, so the connection's
// destructor closes it and waits for the closed callback (always the last) before it frees this.
struct NatsConnection::CallbackState {
  std::shared_ptr<spdlog::logger> logger;
  std::int64_t reconnect_max_ms;
  std::atomic<bool> closing{false};
  std::mutex mutex;
  std::condition_variable closed_signal;
  bool closed = false;
};

namespace {

using CallbackState = NatsConnection::CallbackState;

int64_t reconnect_delay(natsConnection*, int attempts, void* closure) {
  const auto* state = static_cast<const CallbackState*>(closure);
  const int doublings = std::clamp(attempts - 1, 0, 20);
  return std::min<int64_t>(first_reconnect_wait_ms << doublings, state->reconnect_max_ms);
}

void on_disconnected(natsConnection*, void* closure) {
  auto* state = static_cast<CallbackState*>(closure);
  if (!state->closing) state->logger->warn("nats: disconnected; reconnecting");
}

void on_reconnected(natsConnection*, void* closure) {
  static_cast<CallbackState*>(closure)->logger->info("nats: reconnected");
}

void on_connected(natsConnection*, void* closure) {
  static_cast<CallbackState*>(closure)->logger->info("nats: connected");
}

void on_closed(natsConnection*, void* closure) {
  auto* state = static_cast<CallbackState*>(closure);
  std::lock_guard lock(state->mutex);
  state->closed = true;
  state->closed_signal.notify_all();
}

void on_async_error(natsConnection*, natsSubscription*, natsStatus error, void* closure) {
  static_cast<CallbackState*>(closure)->logger->warn("nats: {}", natsStatus_GetText(error));
}

struct OptionsDeleter {
  void operator()(natsOptions* options) const { natsOptions_Destroy(options); }
};

}  // namespace

NatsError::NatsError(const std::string& what_failed, natsStatus status, jsErrCode js_error)
    : std::runtime_error("nats: " + what_failed + ": " + describe(status) +
                         (js_error != 0 ? " (JetStream error " + std::to_string(js_error) + ")" : "")),
      status_(status),
      js_error_(js_error) {
  const std::string text = what();
  said_unavailable_ = text.find("JetStream system temporarily unavailable") != std::string::npos ||
                      text.find("no suitable peers for placement") != std::string::npos;
}

bool NatsError::transient() const noexcept {
  switch (status_) {
    case NATS_TIMEOUT:
    case NATS_NO_RESPONDERS:
    case NATS_NO_SERVER:
    case NATS_NOT_YET_CONNECTED:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_STALE_CONNECTION:
    case NATS_IO_ERROR:
    // A request while disconnected: the client buffers nothing then (see SetReconnectBufSize).
    case NATS_INSUFFICIENT_BUFFER:
      return true;
    default:
      // During a leader election, or with a node of the placement down.
      return js_error_ == JSClusterNotAvailErr || js_error_ == JSStreamOfflineErr ||
             js_error_ == JSClusterNoPeersErr || said_unavailable_;
  }
}

NatsConnection::NatsConnection(ConnectionSettings settings, std::shared_ptr<spdlog::logger> logger,
                               std::string client_name)
    : settings_(std::move(settings)), logger_(std::move(logger)), client_name_(std::move(client_name)) {}

NatsConnection::~NatsConnection() {
  if (jetstream_ != nullptr) jsCtx_Destroy(jetstream_);
  if (connection_ == nullptr) return;
  callbacks_->closing = true;
  natsConnection_Close(connection_);
  std::unique_lock lock(callbacks_->mutex);
  const bool closed =
      callbacks_->closed_signal.wait_for(lock, closing_patience, [&] { return callbacks_->closed; });
  lock.unlock();
  natsConnection_Destroy(connection_);
  // A closed callback still to come would find its state gone: leave it allocated instead.
  if (!closed) callbacks_.release();
}

natsConnection* NatsConnection::connection() {
  std::lock_guard lock(opening_);
  if (connection_ == nullptr) open();
  return connection_;
}

jsCtx* NatsConnection::jetstream() {
  natsConnection* opened = connection();
  std::lock_guard lock(opening_);
  if (jetstream_ == nullptr) {
    jsOptions options;
    jsOptions_Init(&options);
    options.Wait = settings_.request_timeout.count();
    check(natsConnection_JetStream(&jetstream_, opened, &options), "JetStream context");
  }
  return jetstream_;
}

jsCtx* NatsConnection::new_jetstream_context(jsOptions* options) {
  jsCtx* context = nullptr;
  check(natsConnection_JetStream(&context, connection(), options), "JetStream context");
  return context;
}

bool NatsConnection::connected() {
  try {
    return natsConnection_Status(connection()) == NATS_CONN_STATUS_CONNECTED;
  } catch (const std::exception&) {
    return false;
  }
}

void NatsConnection::open() {
  natsOptions* raw = nullptr;
  check(natsOptions_Create(&raw), "options");
  const std::unique_ptr<natsOptions, OptionsDeleter> options(raw);
  std::vector<const char*> servers;
  for (const std::string& server : settings_.servers) servers.push_back(server.c_str());
  check(natsOptions_SetServers(raw, servers.data(), static_cast<int>(servers.size())), "servers");
  check(natsOptions_SetName(raw, client_name_.c_str()), "client name");
  check(natsOptions_SetIgnoreDiscoveredServers(raw, settings_.ignore_discovered_servers),
        "discovered servers");
  check(natsOptions_SetTimeout(raw, settings_.connect_timeout.count()), "connect timeout");
  // Each publish is written at once instead of by libnats's flusher thread, which holds the buffer
  // up to a millisecond to gather more: every body of one client waited for it (POST /events of
  // 10,000 events, one client: 2.7x the bodies a second), and so did every one-event request.
  check(natsOptions_SetSendAsap(raw, true), "send as soon as possible");
  check(natsOptions_SetMaxReconnect(raw, -1), "reconnect");
  // Owned here until the connection exists; from then on the closed callback frees it.
  auto owned_state = std::make_unique<CallbackState>();
  owned_state->logger = logger_;
  owned_state->reconnect_max_ms = settings_.reconnect_max.count();
  CallbackState* state = owned_state.get();
  check(natsOptions_SetClosedCB(raw, on_closed, state), "closed callback");
  check(natsOptions_SetCustomReconnectDelay(raw, reconnect_delay, state), "reconnect delay");
  // Publishing while disconnected fails at once (the HTTP client gets 503) instead of buffering
  // messages that a crash would lose after a 202.
  check(natsOptions_SetReconnectBufSize(raw, 0), "reconnect buffer");
  check(natsOptions_SetFailRequestsOnDisconnect(raw, true), "fail requests on disconnect");
  check(natsOptions_SetDisconnectedCB(raw, on_disconnected, state), "disconnected callback");
  check(natsOptions_SetReconnectedCB(raw, on_reconnected, state), "reconnected callback");
  check(natsOptions_SetErrorHandler(raw, on_async_error, state), "error handler");
  if (!settings_.user_env.empty()) {
    check(natsOptions_SetUserInfo(raw, credential(settings_.user_env).c_str(),
                                  credential(settings_.password_env).c_str()),
          "user and password");
  }
  if (!settings_.token_env.empty())
    check(natsOptions_SetToken(raw, credential(settings_.token_env).c_str()), "token");
  if (settings_.tls()) {
    check(natsOptions_SetSecure(raw, true), "TLS");
    if (!settings_.tls_ca_file.empty()) {
      check(natsOptions_LoadCATrustedCertificates(raw, settings_.tls_ca_file.c_str()), "TLS CA file");
    }
    if (!settings_.tls_cert_file.empty()) {
      check(natsOptions_LoadCertificatesChain(raw, settings_.tls_cert_file.c_str(),
                                              settings_.tls_key_file.c_str()),
            "TLS certificate and key");
    }
  }
  // A first attempt without retrying tells servers that are down (NATS_NO_SERVER: retried in the
  // background below) from a server that answers and refuses us: an untrusted TLS certificate,
  // wrong credentials. With retrying on from the start, nats.c closes the connection for good after
  // such a refusal and its reason (the TLS handshake's error) is lost.
  natsStatus status = natsConnection_Connect(&connection_, raw);
  if (status == NATS_NO_SERVER) {
    check(natsOptions_SetRetryOnFailedConnect(raw, true, on_connected, state), "retry on failed connect");
    status = natsConnection_Connect(&connection_, raw);
  }
  if (status != NATS_OK && status != NATS_NOT_YET_CONNECTED) {
    connection_ = nullptr;  // no connection, so no callback will ever run
    throw NatsError("connect", status);
  }
  callbacks_ = std::move(owned_state);
  if (status == NATS_NOT_YET_CONNECTED)
    logger_->warn("nats: no server answers yet; retrying in the background");
}

}  // namespace nats_broker
