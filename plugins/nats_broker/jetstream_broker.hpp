// The nats broker in jetstream mode. Publishing: JetStreamPublisher. Consuming: a durable pull
// consumer <group>-p<partition> on the stream, filtered to this engine's partition subject, fetched
// fetch_batch messages at a time. Positions are stream sequences ("S", or "S:K" inside a message).
// On subscribe the consumer is made again to start right after the checkpoint's position: the
// checkpoint, not the consumer's acknowledgement floor, says what the model holds, so a crash between
// a checkpoint and its acknowledgement neither loses nor repeats an event. Acknowledgements (AckAll)
// follow the checkpoint; a message the server delivers again after it was applied is skipped.
#pragma once

#include <nats/nats.h>
#include <spdlog/logger.h>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event_engine/broker.hpp"
#include "nats_broker_config.hpp"
#include "nats_broker_metrics.hpp"
#include "nats_connection.hpp"
#include "stream_catalog.hpp"
#include "stream_position.hpp"

namespace nats_broker {

class JetStreamBroker final : public event_engine::Broker {
 public:
  JetStreamBroker(NatsBrokerConfig config, event_engine::Metrics* metrics,
                  std::shared_ptr<spdlog::logger> logger);
  ~JetStreamBroker() override;

  event_engine::BrokerCapabilities capabilities() const override {
    return {.durable = true, .ordered = true, .deduplicates = true};
  }
  std::unique_ptr<event_engine::Publisher> open_publisher() override;

  // One topic per engine. With NATS unreachable the consumer is set up later, from poll().
  // Throws event_engine::TransientError when the consumer cannot be set up for now (no server, no
  // leader); it stays subscribed in intent all the same: poll() sets the consumer up once JetStream
  // answers, and calling subscribe() again tries again at once.
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;
  std::size_t poll(event_engine::EventBatch& batch, std::size_t max_events,
                   std::chrono::milliseconds timeout) override;
  // Acknowledges (AckAll) the last message the position covers whole; never throws.
  void commit(const std::string& position) override;
  bool ready() const override;

 private:
  // Makes the durable consumer start after `resume_`; false (logged once per outage) when it cannot.
  bool set_up_consumer();
  // Logs the failure once per outage and keeps it for subscribe(); returns false.
  bool consumer_not_set_up(const std::string& why, bool transient);
  void drop_subscription();
  // Hands events of held messages over until `room` is used; returns how many.
  std::size_t deliver_held(event_engine::EventBatch& batch, std::size_t room);
  // Messages queued in the subscription before a fetch asked for them (see poll()).
  bool late_answers_pending() const;
  std::uint64_t sequence_of(natsMsg* message);
  void release_through(std::uint64_t sequence);

  const NatsBrokerConfig config_;
  NatsBrokerMetrics metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable NatsConnection connection_;
  StreamCatalog streams_{config_, connection_};

  // Used only by the pipeline thread.
  std::string topic_;
  std::string durable_;
  const StreamTarget* target_ = nullptr;
  natsSubscription* subscription_ = nullptr;
  bool setup_failure_logged_ = false;
  // Why the last set_up_consumer() failed, and whether that may pass.
  std::string setup_failure_;
  bool setup_failure_transient_ = false;
  bool last_fetch_was_full_ = false;
  StreamPosition resume_{0, 0, true};     // the consumer starts after it (0: from the stream's start)
  StreamPosition delivered_{0, 0, true};  // the last event handed to the pipeline
  std::vector<natsMsg*> held_;            // fetched, not yet handed over whole
  std::size_t held_next_ = 0;
  std::uint64_t current_sequence_ = 0;  // of held_[held_next_] once its sequence was read
  std::size_t current_taken_ = 0;       // events of held_[held_next_] already handed over
  // Messages handed over whole, kept to acknowledge: only the last of each poll is kept.
  std::deque<std::pair<std::uint64_t, natsMsg*>> acknowledgeable_;
  std::string position_text_;
};

}  // namespace nats_broker
