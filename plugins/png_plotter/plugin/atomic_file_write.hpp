// Replaces a file so that a reader sees the old content or the new, never part of either.
#pragma once

#include <filesystem>
#include <string_view>

namespace png_plotter {

// Writes `bytes` to a temporary file in `target`'s directory, then renames it over `target`. On
// failure the temporary file is removed, `target` is left as it was, and std::filesystem::
// filesystem_error is thrown naming the path and the reason (e.g. "No space left on device").
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace png_plotter
