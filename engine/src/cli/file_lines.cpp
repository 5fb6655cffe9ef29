#include "cli/file_lines.hpp"

#include <cstring>

#include "event_engine/event_batch.hpp"

namespace event_engine {

bool needs_line_by_line(std::string_view lines) noexcept {
  if (lines.empty()) return false;
  unsigned char empty_line = lines.front() == '\n';
  // A bitwise and of the two comparisons (as ints), not &&: no branch per byte, so the loop vectorises.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const int here = lines[i] == '\n';
    const int next = lines[i + 1] == '\n';
    empty_line |= static_cast<unsigned char>(here & next);
  }
  return empty_line != 0 || std::memchr(lines.data(), '\r', lines.size()) != nullptr;
}

std::size_t length_of_lines(std::string_view lines, std::size_t count) noexcept {
  if (count == 0) return 0;
  const EventBatch::DelimitedTaken first = EventBatch::extent_of_first_events(lines, count, '\n');
  // Fewer whole lines than `count`: the extent then counts an unended tail as one, or falls short.
  const bool whole = first.events == count && first.bytes > 0 && lines[first.bytes - 1] == '\n';
  return whole ? first.bytes : std::string_view::npos;
}

}  // namespace event_engine
