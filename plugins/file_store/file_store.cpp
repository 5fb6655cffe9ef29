#include "file_store.hpp"

#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "checkpoint_file_format.hpp"
#include "event_engine/atomic_file_write.hpp"
#include "file_descriptor.hpp"

namespace file_store {
namespace {

[[noreturn]] void fail_reading(const std::filesystem::path& path, int error_number) {
  throw std::runtime_error("cannot read checkpoint " + path.string() + ": " + std::strerror(error_number));
}

// The whole file, or its first bytes past the most a checkpoint may have (which the format then
// refuses); nullopt when it does not exist.
std::optional<std::string> read_file(const std::filesystem::path& path) {
  const FileDescriptor file(path, O_RDONLY);
  if (!file.valid()) {
    if (errno == ENOENT) return std::nullopt;
    fail_reading(path, errno);
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(file.get(), buffer, sizeof(buffer));
    if (got == 0) return content;
    if (got < 0) {
      if (errno == EINTR) continue;
      fail_reading(path, errno);
    }
    content.append(buffer, static_cast<std::size_t>(got));
    if (content.size() > max_checkpoint_file_bytes) return content;
  }
}

// The directory itself when it exists, else its nearest existing ancestor (where it would be created).
std::filesystem::path existing_directory_or_ancestor(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::path candidate = std::filesystem::absolute(directory, error);
  while (!std::filesystem::exists(candidate, error) && candidate != candidate.root_path()) {
    candidate = candidate.parent_path();
  }
  return candidate;
}

}  // namespace

FileStore::FileStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::filesystem::path FileStore::file_of(std::string_view key) const {
  if (key.empty() || key.front() == '.' ||
      key.find_first_of(std::string_view("/\0", 2)) != std::string_view::npos) {
    throw std::runtime_error("checkpoint key \"" + std::string(key) +
                             "\" is not a plain file name (empty, starting with '.', or holding '/')");
  }
  return directory_ / (std::string(key) + ".json");
}

std::optional<event_engine::Checkpoint> FileStore::load(std::string_view key) {
  const std::filesystem::path path = file_of(key);
  const std::optional<std::string> content = read_file(path);
  if (!content) return std::nullopt;
  try {
    return checkpoint_from_file_content(*content);
  } catch (const std::exception& error) {
    throw std::runtime_error("checkpoint " + path.string() + " is corrupt (" + error.what() +
                             "); it was left as it is: repair it, or move it away to start afresh");
  }
}

void FileStore::save(std::string_view key, const event_engine::Checkpoint& checkpoint) {
  const std::filesystem::path path = file_of(key);
  std::string content;
  try {
    content = checkpoint_document(checkpoint, std::chrono::system_clock::now()).dump(2);
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot save checkpoint " + path.string() + ": " + error.what());
  }
  content += '\n';
  event_engine::write_file_atomically(path, content, event_engine::Durability::survives_power_loss);
}

bool FileStore::reachable() const {
  const std::filesystem::path directory = existing_directory_or_ancestor(directory_);
  std::error_code error;
  return std::filesystem::is_directory(directory, error) && ::access(directory.c_str(), W_OK | X_OK) == 0;
}

}  // namespace file_store
