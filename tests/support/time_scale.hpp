// Time limits inside tests, scaled for slow builds: sanitizer builds run several times slower and
// set EVENT_ENGINE_TEST_TIME_SCALE (4; see cmake/EventEngineSanitizers.cmake), which ctest passes
// to every test. A limit that holds in a plain build holds there too, as ctest's own timeout does.
#pragma once

#include <chrono>

namespace event_engine::testing {

// EVENT_ENGINE_TEST_TIME_SCALE, or 1 when unset or not a number >= 1.
double time_scale();

// `limit` times time_scale().
template <typename Rep, typename Period>
std::chrono::milliseconds scaled(std::chrono::duration<Rep, Period> limit) {
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
      std::chrono::duration<double, std::milli>(limit).count() * time_scale()));
}

}  // namespace event_engine::testing
