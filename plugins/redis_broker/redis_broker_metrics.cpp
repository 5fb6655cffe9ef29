#include "redis_broker_metrics.hpp"

namespace redis_broker {
namespace {

event_engine::Counter& registered(event_engine::Metrics* registry, event_engine::Counter& unexported,
                                  std::string_view name, std::string_view help) {
  return registry != nullptr ? registry->counter(name, help) : unexported;
}

}  // namespace

RedisBrokerMetrics::RedisBrokerMetrics(event_engine::Metrics* registry)
    : messages_received(registered(registry, unexported_[0], "event_engine_redis_messages_received_total",
                                   "Pub/sub messages or stream entries received")),
      events_received(registered(registry, unexported_[1], "event_engine_redis_events_received_total",
                                 "Events handed to the pipeline")),
      malformed(registered(registry, unexported_[2], "event_engine_redis_malformed_total",
                           "Replies or stream entries ignored because of their shape (a stream entry "
                           "without the configured field)")),
      events_published(registered(registry, unexported_[3], "event_engine_redis_events_published_total",
                                  "Events published by this process's publishers")),
      published_unheard(registered(registry, unexported_[4], "event_engine_redis_published_unheard_total",
                                   "Pub/sub events that Redis delivered to no subscriber (PUBLISH answered "
                                   "0): known lost")),
      subscriber_disconnections(registered(registry, unexported_[5],
                                           "event_engine_redis_subscriber_disconnections_total",
                                           "Times the subscriber lost its connection (pub/sub: each is a gap "
                                           "in which messages were lost)")),
      subscriber_down_milliseconds(
          registered(registry, unexported_[6], "event_engine_redis_subscriber_down_milliseconds_total",
                     "Time the subscriber spent disconnected, summed over its gaps")),
      stream_skipped(registered(registry, unexported_[7], "event_engine_redis_stream_skipped_total",
                                "Stream entries delivered again but already covered by the checkpoint: "
                                "acknowledged, not applied")),
      stream_claimed(registered(registry, unexported_[8], "event_engine_redis_stream_claimed_total",
                                "Pending entries taken over from this engine's predecessor at start")),
      stream_requeued(registered(registry, unexported_[9], "event_engine_redis_stream_requeued_total",
                                 "Pending entries of dead consumers appended again to the stream")),
      stream_trimmed_unprocessed(registered(registry, unexported_[10],
                                            "event_engine_redis_stream_trimmed_unprocessed_total",
                                            "Pending entries that MAXLEN trimmed away before they were "
                                            "applied: known lost")),
      stream_acknowledged(registered(registry, unexported_[11],
                                     "event_engine_redis_stream_acknowledged_total",
                                     "Stream entries acknowledged (XACK)")) {}

}  // namespace redis_broker
