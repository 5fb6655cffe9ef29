#include "file_store.hpp"

#include <unistd.h>

#include <algorithm>
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
  // load() refuses a file above the bound, so a larger one would be saved and never read back.
  if (content.size() > max_checkpoint_file_bytes) {
    throw std::runtime_error("cannot save checkpoint " + path.string() + ": it is " +
                             std::to_string(content.size()) + " bytes, more than the " +
                             std::to_string(max_checkpoint_file_bytes) +
                             " a checkpoint file may hold (a keyed pipeline's takes some 25 bytes a key): "
                             "lower process.keys.max_keys");
  }
  // The new checkpoint written aside and not yet renamed over the old: a crash keeps the old.
  static event_engine::KillPoint checkpoint_writing("checkpoint_writing");
  event_engine::write_file_atomically(path, content, event_engine::Durability::survives_power_loss,
                                      &checkpoint_writing);
}

std::vector<std::string> FileStore::keys(std::string_view prefix) {
  std::vector<std::string> found;
  std::error_code error;
  std::filesystem::directory_iterator entries(directory_, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return found;
    throw std::runtime_error("cannot list checkpoints in " + directory_.string() + ": " + error.message());
  }
  constexpr std::string_view extension = ".json";
  for (const std::filesystem::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= extension.size() || !name.ends_with(extension) || name.front() == '.') continue;
    if (!name.starts_with(prefix) || !entry.is_regular_file(error)) continue;
    found.push_back(name.substr(0, name.size() - extension.size()));
  }
  std::sort(found.begin(), found.end());
  return found;
}

bool FileStore::remove(std::string_view key) {
  const std::filesystem::path path = file_of(key);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return false;
    throw std::runtime_error("cannot remove checkpoint " + path.string() + ": " + std::strerror(errno));
  }
  // As a save does, so that a removed member does not come back after a power loss.
  const FileDescriptor directory(directory_, O_RDONLY | O_DIRECTORY);
  if (!directory.valid() || ::fsync(directory.get()) != 0) {
    throw std::runtime_error("removed checkpoint " + path.string() +
                             " but cannot sync its directory: " + std::strerror(errno));
  }
  return true;
}

bool FileStore::reachable() const {
  const std::filesystem::path directory = existing_directory_or_ancestor(directory_);
  std::error_code error;
  return std::filesystem::is_directory(directory, error) && ::access(directory.c_str(), W_OK | X_OK) == 0;
}

}  // namespace file_store
