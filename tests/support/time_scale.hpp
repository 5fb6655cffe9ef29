// Time limits inside tests, stretched by EVENT_ENGINE_TEST_TIME_SCALE (the sanitizer builds set
// it to 4: their code runs several times slower, and a limit is there to catch a hang).
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>

namespace event_engine::testing {

inline double time_scale() {
  const char* given = std::getenv("EVENT_ENGINE_TEST_TIME_SCALE");
  if (given == nullptr) return 1.0;
  const double scale = std::strtod(given, nullptr);
  return scale >= 1.0 ? scale : 1.0;
}

template <class Rep, class Period>
std::chrono::milliseconds scaled(std::chrono::duration<Rep, Period> limit) {
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
      std::chrono::duration<double, std::milli>(limit).count() * time_scale()));
}

}  // namespace event_engine::testing
