// An optional face of a broker's Publisher: a publish that never waits. The HTTP front publishes a
// one-event ingestion request on its I/O thread through it, answering at once with no hop to a
// worker thread and back (two thread wake-ups per request), and hands the request to a worker, which
// may wait, only when this publish would have to. A Publisher without this face keeps every publish
// on the workers; the engine finds the face with dynamic_cast, so a plugin built before it existed
// loads and works unchanged.
#pragma once

#include <string_view>

#include "event_engine/api_version.hpp"
#include "event_engine/event_batch.hpp"

namespace event_engine {

class EVENT_ENGINE_API PublishWithoutWaiting {
 public:
  virtual ~PublishWithoutWaiting() = default;
  // Publishes the batch as Publisher::publish_batch() does when that needs no wait (a queue full
  // to its high-water mark, another thread's turn on a shared connection); otherwise publishes
  // nothing and returns false. Throws as publish_batch() does.
  virtual bool try_publish_batch(std::string_view topic, const EventBatch& events) = 0;
};

}  // namespace event_engine
