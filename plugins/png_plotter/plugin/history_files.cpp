#include "plugin/history_files.hpp"

#include <algorithm>

namespace png_plotter {

std::vector<std::filesystem::path> HistoryFiles::record(const std::filesystem::path& file) {
  if (const auto known = std::find(files_.begin(), files_.end(), file); known != files_.end())
    files_.erase(known);
  files_.push_back(file);
  std::vector<std::filesystem::path> expired;
  while (files_.size() > keep_last_) {
    expired.push_back(std::move(files_.front()));
    files_.pop_front();
  }
  return expired;
}

}  // namespace png_plotter
