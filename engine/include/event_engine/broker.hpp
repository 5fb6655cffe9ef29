// The broker port: publishers put events on topics; the pipeline subscribes and polls batches.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/api_version.hpp"
#include "event_engine/event_batch.hpp"
#include "event_engine/transient_error.hpp"

namespace event_engine {

struct BrokerCapabilities {
  bool durable = false;  // can replay from a committed position after a restart
  bool ordered = true;   // events arrive in publish order (per publisher)
  // Publisher::publish_batch_once() stores a body at most once per idempotency key, within a
  // window the broker keeps the keys for (its config says how long).
  bool deduplicates = false;
};

// A publish that a retry cannot repeat: the client's Idempotency-Key and what identifies the body.
struct PublishOnce {
  std::string_view key;          // as the client sent it (1 to 255 printable ASCII characters)
  std::string_view fingerprint;  // a digest of the topic and the body; the same for a true retry
};

enum class PublishOnceOutcome {
  stored,     // nothing of the body was stored before; it is now
  duplicate,  // a publish with this key stored the body (some or all of it); the rest is stored now
  conflict,   // the key was used for another body; nothing was published
};

// Used by one thread at a time; open one per publishing thread.
class EVENT_ENGINE_API Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void publish(std::string_view topic, std::string_view payload) = 0;
  // Publishes every event of the batch, as few messages or round trips as the transport allows.
  virtual void publish_batch(std::string_view topic, const EventBatch& events) = 0;
  // publish_batch(), except that a batch published again with the same key and fingerprint is not
  // stored twice, even when the first publish failed or its caller never heard the outcome. Only
  // brokers whose capabilities say `deduplicates` implement it.
  virtual PublishOnceOutcome publish_batch_once(std::string_view topic, const EventBatch& events,
                                                const PublishOnce& once) {
    (void)topic, (void)events, (void)once;
    throw std::logic_error("this broker does not deduplicate publishes");
  }
};

class EVENT_ENGINE_API Broker {
 public:
  virtual ~Broker() = default;

  virtual BrokerCapabilities capabilities() const = 0;

  // Publishers must be destroyed before the broker.
  virtual std::unique_ptr<Publisher> open_publisher() = 0;

  // Starts receiving `topics`. A durable broker resumes after `from_position`; others ignore it.
  // Plugin API version 6: an outage that may pass (no server, no leader) may throw TransientError
  // (transient_error.hpp); the broker is then subscribed in intent and completes it as it is polled,
  // and a call again tries again at once (the engine's start does, waiting until it succeeds).
  virtual void subscribe(const std::vector<std::string>& topics,
                         const std::optional<std::string>& from_position) = 0;

  // Appends up to `max_events` to `batch` and sets its last position. Waits at most `timeout` for
  // the first event, then takes only what is already available. Returns the number appended.
  virtual std::size_t poll(EventBatch& batch, std::size_t max_events, std::chrono::milliseconds timeout) = 0;

  // Acknowledges every event up to and including `position` (a checkpoint covers them).
  virtual void commit(const std::string& position) = 0;

  // True while the broker can move events (connected); reported by /readyz.
  virtual bool ready() const = 0;
};

}  // namespace event_engine
