// The `file` store: one checkpoint per key, in `<directory>/<key>.json`, replaced atomically.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/store.hpp"

namespace file_store {

class FileStore final : public event_engine::Store {
 public:
  // The directory is created by the first save, not here: constructing does no I/O.
  explicit FileStore(std::filesystem::path directory);

  // A file that cannot be read or parsed throws std::runtime_error naming it; it is left as it is.
  std::optional<event_engine::Checkpoint> load(std::string_view key) override;
  void save(std::string_view key, const event_engine::Checkpoint& checkpoint) override;
  // The keys of the `<key>.json` files in the directory that start with `prefix`, sorted; none when
  // the directory does not exist. A temporary file left by a crash (`<key>.json.tmp`) is no key.
  std::vector<std::string> keys(std::string_view prefix) override;
  // Unlinks `<key>.json` (and makes that durable); false when it was not there.
  bool remove(std::string_view key) override;
  // The directory exists and is writable, or could be created.
  bool reachable() const override;

  // Throws std::runtime_error for a key that is not a plain file name.
  std::filesystem::path file_of(std::string_view key) const;

 private:
  std::filesystem::path directory_;
};

}  // namespace file_store
