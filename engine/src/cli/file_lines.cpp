#include "cli/file_lines.hpp"

#include <algorithm>
#include <cstring>

namespace event_engine {
namespace {

// Newlines in at most 255 bytes, counted in one byte, which the compiler keeps in vector lanes.
unsigned newlines_in_short(const char* bytes, std::size_t size) noexcept {
  unsigned char newlines = 0;
  for (std::size_t i = 0; i < size; ++i) newlines += static_cast<unsigned char>(bytes[i] == '\n');
  return newlines;
}

}  // namespace

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
  constexpr std::size_t short_block = 255;
  std::size_t seen = 0;
  for (std::size_t start = 0; start < lines.size(); start += short_block) {
    const std::size_t size = std::min(short_block, lines.size() - start);
    const unsigned in_block = newlines_in_short(lines.data() + start, size);
    if (seen + in_block >= count) {
      // The last line wanted ends in this block: find its newline, once per call.
      for (std::size_t i = start;; ++i) {
        if (lines[i] == '\n' && ++seen == count) return i + 1;
      }
    }
    seen += in_block;
  }
  return std::string_view::npos;
}

}  // namespace event_engine
