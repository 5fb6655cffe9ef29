// The history files a plotter wrote, oldest first, and which of them to delete to keep the newest.
#pragma once

#include <cstddef>
#include <deque>
#include <filesystem>
#include <vector>

namespace png_plotter {

// Tracks only the files this process wrote: a file already in the directory at start may be the
// user's own, so it is never deleted.
class HistoryFiles {
 public:
  explicit HistoryFiles(std::size_t keep_last) : keep_last_(keep_last) {}

  // Records `file` as the newest (a file written again moves up to newest) and returns the files
  // now beyond the newest keep_last, oldest first; they are no longer tracked.
  std::vector<std::filesystem::path> record(const std::filesystem::path& file);

 private:
  std::size_t keep_last_;
  std::deque<std::filesystem::path> files_;
};

}  // namespace png_plotter
