// A batch split into keys and values: the values in an EventBatch of their own (what the model
// sees), each with its key's slot and the index of the event it came from. Cleared batches keep
// their capacity, so steady-state decoding allocates nothing per event.
#pragma once

#include <cstdint>
#include <vector>

#include "event_engine/event_batch.hpp"

namespace event_engine {

struct KeyedBatch {
  EventBatch values;
  std::vector<std::uint32_t> slots;
  std::vector<std::uint32_t> origins;  // index in the polled batch of values[i]

  void clear() noexcept {
    values.clear();
    slots.clear();
    origins.clear();
  }
};

}  // namespace event_engine
