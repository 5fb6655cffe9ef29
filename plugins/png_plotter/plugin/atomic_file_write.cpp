#include "plugin/atomic_file_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

namespace png_plotter {
namespace {

// Errors name the target: the temporary file is a detail, except when it cannot be created.
[[noreturn]] void fail(const char* doing, const std::filesystem::path& target, int error_number) {
  throw std::filesystem::filesystem_error(doing, target,
                                          std::error_code(error_number, std::generic_category()));
}

// Hidden, and unique per process and call, so two writers never share a temporary file.
std::filesystem::path temporary_path_for(const std::filesystem::path& target) {
  static std::atomic<unsigned long> next_number{0};
  return target.parent_path() / ("." + target.filename().string() + "." + std::to_string(::getpid()) + "." +
                                 std::to_string(next_number.fetch_add(1)) + ".tmp");
}

// Returns 0, or the errno of the failed write.
int write_all(int descriptor, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
  const std::filesystem::path temporary = temporary_path_for(target);
  const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (descriptor < 0) {
    throw std::filesystem::filesystem_error("cannot create a temporary file to replace", target, temporary,
                                            std::error_code(errno, std::generic_category()));
  }
  const int write_error = write_all(descriptor, bytes);
  // No fsync: rename alone keeps readers from seeing half a file, and a plot lost in a crash is
  // redrawn from the model's next state; an fsync per plot would cost more than drawing it.
  const int close_error = ::close(descriptor) == 0 ? 0 : errno;
  if (write_error != 0 || close_error != 0) {
    ::unlink(temporary.c_str());
    fail("cannot write", target, write_error != 0 ? write_error : close_error);
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int rename_error = errno;
    ::unlink(temporary.c_str());
    fail("cannot replace", target, rename_error);
  }
}

}  // namespace png_plotter
