#include "nats_broker_metrics.hpp"

namespace nats_broker {
namespace {

event_engine::Counter& counter(event_engine::Metrics* registry, event_engine::Counter& fallback,
                               std::string_view name, std::string_view help) {
  return registry != nullptr ? registry->counter(name, help) : fallback;
}

}  // namespace

NatsBrokerMetrics::NatsBrokerMetrics(event_engine::Metrics* registry)
    : messages_published(counter(registry, unexported_[0], "event_engine_nats_messages_published_total",
                                 "NATS messages published (each frames many events)")),
      events_published(counter(registry, unexported_[1], "event_engine_nats_events_published_total",
                               "events published to NATS (jetstream: acknowledged by the stream)")),
      publish_failures(counter(registry, unexported_[2], "event_engine_nats_publish_failures_total",
                               "batches refused because NATS did not take or acknowledge them")),
      messages_received(counter(registry, unexported_[3], "event_engine_nats_messages_received_total",
                                "NATS messages received by the pipeline")),
      events_received(counter(registry, unexported_[4], "event_engine_nats_events_received_total",
                              "events received from NATS")),
      malformed(counter(registry, unexported_[5], "event_engine_nats_malformed_messages_total",
                        "messages whose framing was broken; their rest went to the model as one event")),
      redeliveries_skipped(counter(registry, unexported_[6], "event_engine_nats_redeliveries_skipped_total",
                                   "jetstream messages delivered again after they were applied; skipped")),
      core_dropped(counter(registry, unexported_[7], "event_engine_nats_core_dropped_messages_total",
                           "core mode: messages the client dropped because the subscriber fell behind")),
      late_answers_dropped(
          counter(registry, unexported_[8], "event_engine_nats_late_pull_answers_dropped_total",
                  "jetstream: pull answers that came after their fetch gave up; dropped with "
                  "the subscription and read again from the stream")) {}

}  // namespace nats_broker
