// A batch's events as strings, for tests that compare what a parser or a broker produced.
#pragma once

#include <string>
#include <vector>

#include "event_engine/event_batch.hpp"

namespace event_engine::testing {

inline std::vector<std::string> events_of(const EventBatch& batch) {
  std::vector<std::string> events;
  for (std::size_t i = 0; i < batch.size(); ++i) events.emplace_back(batch[i]);
  return events;
}

}  // namespace event_engine::testing
