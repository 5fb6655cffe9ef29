// Text as cairo can draw it. A model's view is outside input to the plotter, and cairo refuses a
// whole drawing (CAIRO_STATUS_INVALID_STRING) for one title, label or series name that is not
// valid UTF-8; such bytes are drawn as U+FFFD instead, as a browser shows them.
#pragma once

#include <string>
#include <string_view>

namespace png_plotter {

// `text` with each byte that does not start or continue a valid UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF) replaced by U+FFFD.
std::string drawable_text(std::string_view text);

}  // namespace png_plotter
