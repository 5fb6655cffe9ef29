#include "atomic_file_write.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "file_descriptor.hpp"

namespace file_store {
namespace {

[[noreturn]] void fail(const std::string& doing, const std::filesystem::path& path, int error_number) {
  throw std::runtime_error("cannot " + doing + " " + path.string() + ": " + std::strerror(error_number));
}

FileDescriptor open_or_fail(const std::filesystem::path& path, int flags, mode_t mode = 0) {
  FileDescriptor file(path, flags, mode);
  if (!file.valid()) fail("open", path, errno);
  return file;
}

void write_all(const FileDescriptor& file, const std::filesystem::path& path, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(file.get(), content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

void sync(const FileDescriptor& file, const std::filesystem::path& path) {
  if (::fsync(file.get()) != 0) fail("fsync", path, errno);
}

void create_directory_and_parents(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw std::runtime_error("cannot create directory " + directory.string() + ": " + error.message());
}

}  // namespace

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  create_directory_and_parents(directory);
  std::filesystem::path temporary = target;
  temporary += ".tmp";
  try {
    // O_TRUNC: a temporary file left by a crash is simply written over.
    FileDescriptor file = open_or_fail(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write_all(file, temporary, content);
    sync(file, temporary);
    if (file.close() != 0) fail("close", temporary, errno);
    if (::rename(temporary.c_str(), target.c_str()) != 0)
      fail("rename " + temporary.string() + " to", target, errno);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  // Makes the rename itself durable.
  const FileDescriptor parent = open_or_fail(directory, O_RDONLY | O_DIRECTORY);
  sync(parent, directory);
}

}  // namespace file_store
