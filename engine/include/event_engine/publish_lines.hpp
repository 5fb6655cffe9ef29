// An optional face of a broker's Publisher: publishing events that are already lines of text, as
// a file holds them. `event-engine publish --file` hands it blocks of the file as they were read,
// so a broker whose wire format is newline-ended events (zmq) sends the bytes as they are, instead
// of the file being cut into an EventBatch that the broker joins again. A Publisher without this
// face gets EventBatches (publish_batch); the engine finds the face with dynamic_cast, so a plugin
// built before it existed loads and works unchanged.
#pragma once

#include <cstddef>
#include <string_view>

#include "event_engine/api_version.hpp"

namespace event_engine {

class EVENT_ENGINE_API PublishLines {
 public:
  virtual ~PublishLines() = default;
  // Publishes the `events` events of `lines` as publish_batch() publishes a batch of them: each
  // event is a line ending with '\n' (none empty, none holding '\r'), so that
  // EventBatch::add_delimited(lines) gives the same `events` events.
  virtual void publish_lines(std::string_view topic, std::string_view lines, std::size_t events) = 0;
};

}  // namespace event_engine
