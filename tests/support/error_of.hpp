// The message of the exception an action throws, or "no exception": for tests that check what an
// error says.
#pragma once

#include <exception>
#include <functional>
#include <string>

namespace event_engine::testing {

inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no exception";
}

}  // namespace event_engine::testing
