#include "core_broker.hpp"

#include <thread>

#include "event_frames.hpp"

namespace nats_broker {
namespace {

// Messages the client queues for a slow subscriber before it drops (and counts) more.
constexpr int pending_message_limit = 65536;
constexpr int pending_byte_limit = 256 * 1024 * 1024;

class CorePublisher final : public event_engine::Publisher {
 public:
  CorePublisher(const NatsBrokerConfig& config, NatsConnection& connection, NatsBrokerMetrics& metrics)
      : config_(config), connection_(connection), metrics_(metrics) {}

  void publish(std::string_view topic, std::string_view payload) override {
    single_.clear();
    single_.add(payload);
    publish_batch(topic, single_);
  }

  // Returns once the server has the messages (a flush round trip); it keeps none of them.
  void publish_batch(std::string_view topic, const event_engine::EventBatch& events) override {
    if (events.empty()) return;
    natsConnection* connection = connection_.connection();
    subject_.assign(topic);
    std::size_t messages = 0;
    for (std::size_t first = 0; first < events.size(); first += config_.events_per_message) {
      encode_frames(events, first, std::min(events.size(), first + config_.events_per_message), message_);
      const natsStatus status = natsConnection_Publish(connection, subject_.c_str(), message_.data(),
                                                       static_cast<int>(message_.size()));
      if (status != NATS_OK) fail(status);
      ++messages;
    }
    const natsStatus flushed =
        natsConnection_FlushTimeout(connection, config_.connection.request_timeout.count());
    if (flushed != NATS_OK) fail(flushed);
    metrics_.messages_published.add(messages);
    metrics_.events_published.add(events.size());
  }

 private:
  [[noreturn]] void fail(natsStatus status) {
    metrics_.publish_failures.add();
    throw NatsError("publish to " + subject_, status);
  }

  const NatsBrokerConfig& config_;
  NatsConnection& connection_;
  NatsBrokerMetrics& metrics_;
  std::string subject_;
  std::string message_;
  event_engine::EventBatch single_;
};

}  // namespace

CoreBroker::CoreBroker(NatsBrokerConfig config, event_engine::Metrics* metrics,
                       std::shared_ptr<spdlog::logger> logger)
    : config_(std::move(config)),
      metrics_(metrics),
      logger_(std::move(logger)),
      connection_(config_.connection, logger_, "event-engine core") {}

CoreBroker::~CoreBroker() {
  if (partly_delivered_ != nullptr) natsMsg_Destroy(partly_delivered_);
  if (subscription_ != nullptr) natsSubscription_Destroy(subscription_);
}

std::unique_ptr<event_engine::Publisher> CoreBroker::open_publisher() {
  return std::make_unique<CorePublisher>(config_, connection_, metrics_);
}

bool CoreBroker::ready() const { return connection_.connected(); }

void CoreBroker::subscribe(const std::vector<std::string>& topics, const std::optional<std::string>&) {
  if (topics.size() != 1) throw std::runtime_error("the nats broker in core mode consumes exactly one topic");
  // A subscription made while disconnected is sent to the server when the client connects.
  natsStatus status =
      natsConnection_SubscribeSync(&subscription_, connection_.connection(), topics.front().c_str());
  if (status == NATS_OK)
    status = natsSubscription_SetPendingLimits(subscription_, pending_message_limit, pending_byte_limit);
  if (status != NATS_OK) throw NatsError("subscribe to " + topics.front(), status);
}

std::size_t CoreBroker::deliver(natsMsg* message, event_engine::EventBatch& batch, std::size_t room) {
  const std::string_view data(natsMsg_GetData(message),
                              static_cast<std::size_t>(natsMsg_GetDataLength(message)));
  if (data.size() > config_.max_message_bytes) {
    batch.add_oversized(data.size(), config_.max_message_bytes, data);
    natsMsg_Destroy(message);
    return 0;
  }
  FrameReader reader(data, partly_taken_);
  std::size_t appended = 0;
  std::string_view event;
  while (appended < room && reader.next(event)) {
    batch.add(event);
    ++appended;
  }
  if (reader.corrupt()) metrics_.malformed.add();
  if (reader.done()) {
    natsMsg_Destroy(message);
    partly_delivered_ = nullptr;
    partly_taken_ = 0;
  } else {
    partly_delivered_ = message;
    partly_taken_ = reader.taken();
  }
  return appended;
}

std::size_t CoreBroker::poll(event_engine::EventBatch& batch, std::size_t max_events,
                             std::chrono::milliseconds timeout) {
  if (subscription_ == nullptr) return 0;
  std::size_t appended = 0;
  if (partly_delivered_ != nullptr) appended += deliver(partly_delivered_, batch, max_events);
  // After the first message, only what is already queued is taken (the client refuses a zero wait).
  std::int64_t wait = appended == 0 ? std::max<std::int64_t>(timeout.count(), 1) : 1;
  while (appended < max_events) {
    natsMsg* message = nullptr;
    const natsStatus status = natsSubscription_NextMsg(&message, subscription_, wait);
    if (status != NATS_OK) {
      if (status != NATS_TIMEOUT && appended == 0)
        std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(50)));
      break;
    }
    wait = 1;
    metrics_.messages_received.add();
    appended += deliver(message, batch, max_events - appended);
  }
  metrics_.events_received.add(appended);
  count_dropped();
  return appended;
}

void CoreBroker::count_dropped() {
  std::int64_t dropped = 0;
  if (natsSubscription_GetDropped(subscription_, &dropped) == NATS_OK && dropped > dropped_seen_) {
    metrics_.core_dropped.add(static_cast<std::uint64_t>(dropped - dropped_seen_));
    dropped_seen_ = dropped;
  }
}

}  // namespace nats_broker
