// A publisher: one connection of its own, a batch sent as one pipeline of PUBLISH or XADD commands
// (one write, then the replies read back: one round trip), one event per message or entry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "command_buffer.hpp"
#include "connection_settings.hpp"
#include "event_engine/broker.hpp"
#include "link_state.hpp"
#include "redis_broker_config.hpp"
#include "redis_broker_metrics.hpp"
#include "redis_connection.hpp"

namespace redis_broker {

class RedisPublisher final : public event_engine::Publisher {
 public:
  // `link` is shared by the publishers of one broker, so that an outage is logged once.
  RedisPublisher(const RedisBrokerConfig& config, LinkState& link, RedisBrokerMetrics& metrics);

  // pubsub: throws std::invalid_argument for an event with a newline, which the subscriber would
  // read as several events. A failed publish throws std::runtime_error; with a lost connection some
  // events of the batch may have been published already.
  void publish(std::string_view topic, std::string_view payload) override;
  void publish_batch(std::string_view topic, const event_engine::EventBatch& events) override;
  // Stream mode only: each chunk of the batch goes through idempotent_publish_script, all chunks
  // in one round trip. A retry stores only the chunks that no earlier call stored.
  event_engine::PublishOnceOutcome publish_batch_once(std::string_view topic,
                                                      const event_engine::EventBatch& events,
                                                      const event_engine::PublishOnce& once) override;

 private:
  // Pipelines longer than this are split, to bound the memory of both ends.
  static constexpr std::size_t most_commands_per_round_trip = 65536;
  // Events stored by one script call: Redis runs nothing else meanwhile, so a chunk is kept to a
  // few milliseconds of its time.
  static constexpr std::size_t events_per_idempotent_chunk = 4096;

  void append_command(std::string_view topic, std::string_view payload);
  void send_pipeline();
  // Sends the buffered commands and hands each reply to `on_reply`; a lost connection throws.
  template <class OnReply>
  void round_trip(OnReply on_reply);
  RedisConnection& connection();

  const RedisBrokerConfig& config_;
  LinkState& link_;
  RedisBrokerMetrics& metrics_;
  std::unique_ptr<RedisConnection> connection_;
  CommandBuffer commands_;
  std::string claim_key_;
  std::string marker_key_;
};

}  // namespace redis_broker
