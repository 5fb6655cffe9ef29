// Publishes into a JetStream stream: the batch is cut into messages of events_per_message, sent
// with async publish (at most max_in_flight awaiting acknowledgement), and publish_batch returns
// only when the stream has acknowledged every one of them, so a 202 means stored (on a quorum of
// the replicas). Any failure throws: the HTTP client is answered 503 and may send again.
#pragma once

#include <nats/nats.h>
#include <atomic>
#include <string>

#include "event_engine/broker.hpp"
#include "idempotency_claims.hpp"
#include "nats_broker_config.hpp"
#include "nats_broker_metrics.hpp"
#include "nats_connection.hpp"
#include "stream_catalog.hpp"

namespace nats_broker {

class JetStreamPublisher final : public event_engine::Publisher {
 public:
  JetStreamPublisher(const NatsBrokerConfig& config, NatsConnection& connection, StreamCatalog& streams,
                     NatsBrokerMetrics& metrics);
  ~JetStreamPublisher() override;

  void publish(std::string_view topic, std::string_view payload) override;
  void publish_batch(std::string_view topic, const event_engine::EventBatch& events) override;
  // Claims the key (IdempotencyClaims), then publishes each message with Nats-Msg-Id
  // "<key>/<index>", waiting for each acknowledgement: the stream drops a message whose id it
  // stored within duplicate_window_ms, and says so in the acknowledgement.
  event_engine::PublishOnceOutcome publish_batch_once(std::string_view topic,
                                                      const event_engine::EventBatch& events,
                                                      const event_engine::PublishOnce& once) override;

 private:
  static void on_publish_error(jsCtx* js, jsPubAckErr* error, void* closure);
  const StreamTarget& target_of(std::string_view topic);
  // Drops what is still awaiting acknowledgement after a failure, so it cannot fail the next batch.
  void forget_pending();

  const NatsBrokerConfig& config_;
  StreamCatalog& streams_;
  IdempotencyClaims claims_;
  NatsBrokerMetrics& metrics_;
  jsCtx* js_ = nullptr;
  const StreamTarget* last_target_ = nullptr;  // the topic published last, found without a lookup
  std::size_t next_partition_ = 0;
  bool published_async_ = false;
  std::string message_;
  std::string message_id_;
  event_engine::EventBatch single_;
  std::atomic<std::uint64_t> failed_{0};  // set by the client's thread
  std::atomic<int> last_error_{0};
};

}  // namespace nats_broker
