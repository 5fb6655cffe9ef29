// An open(2)ed file descriptor that closes itself.
#pragma once

#include <fcntl.h>
#include <unistd.h>
#include <filesystem>
#include <utility>

namespace file_store {

class FileDescriptor {
 public:
  // Not valid() when open(2) failed; errno then says why.
  FileDescriptor(const std::filesystem::path& path, int flags, mode_t mode = 0)
      : descriptor_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {}
  ~FileDescriptor() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  FileDescriptor(FileDescriptor&& other) noexcept : descriptor_(std::exchange(other.descriptor_, -1)) {}
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  bool valid() const noexcept { return descriptor_ >= 0; }
  int get() const noexcept { return descriptor_; }

  // Closes now and returns close(2)'s result: a write error the kernel deferred shows up here.
  int close() noexcept {
    const int closed = ::close(descriptor_);
    descriptor_ = -1;
    return closed;
  }

 private:
  int descriptor_;
};

}  // namespace file_store
