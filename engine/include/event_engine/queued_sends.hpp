// An optional face of a broker's Publisher whose publish only queues the events for a receiver
// that acknowledges nothing (zmq): returning from publish says the events are queued, not that
// they left the process. `event-engine publish` calls finish_sending() before it reports events as
// published, so that a queue it could not hand over is an error and not a silent loss. A Publisher
// without this face is taken at its word (Redis and NATS answer each publish once it is stored);
// the engine finds the face with dynamic_cast, so a plugin built before it existed loads unchanged.
#pragma once

#include <chrono>

#include "event_engine/api_version.hpp"

namespace event_engine {

class EVENT_ENGINE_API QueuedSends {
 public:
  virtual ~QueuedSends() = default;
  // Waits at most `timeout` for everything this publisher queued to be handed to the receiving
  // side (for zmq: written to the receiver's connection), and says whether all of it was. It ends
  // the publisher and its broker: call it last, when nothing else of the broker is in use.
  virtual bool finish_sending(std::chrono::milliseconds timeout) = 0;
};

}  // namespace event_engine
