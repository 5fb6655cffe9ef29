// Replacing a file so that a reader, or the file system after a crash, sees the old content or the
// new, never a mix: what a file store or a file-writing visualiser needs. Header-only, POSIX.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "event_engine/kill_point.hpp"

namespace event_engine {

enum class Durability {
  // rename(2) only: readers never see half a file; a crash may lose the newest write (fine for
  // a plot, redrawn from the next state).
  readers_only,
  // fsync the file before the rename and the directory after it: the new content survives a
  // power loss once the call returns (a checkpoint).
  survives_power_loss,
};

namespace atomic_file_write_detail {

[[noreturn]] inline void fail(const std::string& doing, const std::filesystem::path& path, int error_number) {
  throw std::runtime_error("cannot " + doing + " " + path.string() + ": " + std::strerror(error_number));
}

inline void write_all(int descriptor, const std::filesystem::path& path, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(descriptor, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace atomic_file_write_detail

// Writes `content` to `<target>.tmp` in the same directory (creating the directory if missing),
// then renames it over `target`. A `.tmp` left by a crash is written over. On failure the
// temporary file is removed, `target` is untouched, and std::runtime_error names the path and the
// system's reason ("cannot write graphs/latest.png.tmp: No space left on device").
// `before_rename` (tests; may be null) is passed between the temporary file's close and the
// rename: the file store's "checkpoint_writing" kill point.
inline void write_file_atomically(const std::filesystem::path& target, std::string_view content,
                                  Durability durability, KillPoint* before_rename = nullptr) {
  namespace detail = atomic_file_write_detail;
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  std::error_code directory_error;
  std::filesystem::create_directories(directory, directory_error);
  if (directory_error) {
    throw std::runtime_error("cannot create directory " + directory.string() + ": " +
                             directory_error.message());
  }
  std::filesystem::path temporary = target;
  temporary += ".tmp";
  const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (descriptor < 0) detail::fail("open", temporary, errno);
  try {
    detail::write_all(descriptor, temporary, content);
    if (durability == Durability::survives_power_loss && ::fsync(descriptor) != 0) {
      detail::fail("fsync", temporary, errno);
    }
  } catch (...) {
    ::close(descriptor);
    ::unlink(temporary.c_str());
    throw;
  }
  // close(2) reports a write error the kernel deferred.
  if (::close(descriptor) != 0) {
    const int error_number = errno;
    ::unlink(temporary.c_str());
    detail::fail("close", temporary, error_number);
  }
  if (before_rename != nullptr) {
    before_rename->pass([&] {
      return "the new " + target.filename().string() + " is written as " + temporary.filename().string() +
             ", not yet renamed over the old";
    });
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(temporary.c_str());
    detail::fail("rename " + temporary.string() + " to", target, error_number);
  }
  if (durability == Durability::survives_power_loss) {
    const int parent = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (parent < 0) detail::fail("open", directory, errno);
    const int synced = ::fsync(parent);
    const int error_number = errno;
    ::close(parent);
    if (synced != 0) detail::fail("fsync", directory, error_number);
  }
}

}  // namespace event_engine
