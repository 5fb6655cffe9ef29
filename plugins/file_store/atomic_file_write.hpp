// Replacing a file so that a reader, or the file system after a crash, sees the old content or
// the new, never a mix.
#pragma once

#include <filesystem>
#include <string_view>

namespace file_store {

// Writes `content` to `<target>.tmp` in the same directory (creating the directory if missing),
// fsyncs it, renames it over `target` and fsyncs the directory. Throws std::runtime_error naming the
// path and the system's reason; `target` is then untouched.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

}  // namespace file_store
