// How `event-engine publish --file` looks at the whole lines of a block it read: whether each is an
// event as it stands, and where the first N of them end. Loops the compiler vectorises, with no call
// per line: these run over every byte of the file (the counting is EventBatch's separator scan).
#pragma once

#include <cstddef>
#include <string_view>

namespace event_engine {

// True when `lines` (whole lines, each ending with '\n') hold one that is not published as it is:
// an empty line (skipped) or one with a '\r' (cut from its end).
bool needs_line_by_line(std::string_view lines) noexcept;

// The length of the first `count` lines of `lines`, with the '\n' that ends each; npos when it
// holds fewer.
std::size_t length_of_lines(std::string_view lines, std::size_t count) noexcept;

}  // namespace event_engine
