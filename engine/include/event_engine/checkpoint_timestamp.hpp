// The time a store writes beside a checkpoint ("2026-12-02T03:10:00.123Z", UTC, milliseconds), and
// reading it back for Checkpoint::saved_at_unix_ms. Header-only, like atomic_file_write.hpp: a
// helper for store plugins, nothing of it crosses the plugin boundary.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

namespace event_engine {

inline std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  const auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &parts);
  return std::string(text, length) + "." + std::to_string(1000 + milliseconds).substr(1) + "Z";
}

// The time utc_timestamp wrote, in milliseconds since the Unix epoch; 0 for any other text (the
// field is informational: a hand-edited one makes the age unknown, not the checkpoint corrupt).
inline std::uint64_t unix_ms_of_timestamp(const std::string& text) {
  std::tm parts{};
  int milliseconds = 0;
  char zone = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &milliseconds, &zone) != 8 ||
      zone != 'Z') {
    return 0;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  const std::time_t seconds = ::timegm(&parts);
  if (seconds < 0) return 0;
  return static_cast<std::uint64_t>(seconds) * 1000 + static_cast<std::uint64_t>(milliseconds);
}

}  // namespace event_engine
