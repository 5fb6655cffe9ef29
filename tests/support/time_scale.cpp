#include "time_scale.hpp"

#include <cstdlib>
#include <string>

namespace event_engine::testing {

double time_scale() {
  static const double scale = [] {
    const char* text = std::getenv("EVENT_ENGINE_TEST_TIME_SCALE");
    if (text == nullptr) return 1.0;
    try {
      const double value = std::stod(text);
      return value >= 1 ? value : 1.0;
    } catch (const std::exception&) {
      return 1.0;
    }
  }();
  return scale;
}

}  // namespace event_engine::testing
