#include "observability/thread_name.hpp"

#include <pthread.h>

#include <algorithm>
#include <array>

namespace event_engine {

void name_this_thread(std::string_view name) {
  std::array<char, 16> truncated{};
  const std::size_t length = std::min(name.size(), truncated.size() - 1);
  std::copy_n(name.data(), length, truncated.data());
  // Fails only for a name that is too long, which the truncation rules out; a name is a courtesy.
  pthread_setname_np(pthread_self(), truncated.data());
}

}  // namespace event_engine
