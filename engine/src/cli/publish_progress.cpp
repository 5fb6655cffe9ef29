#include "cli/publish_progress.hpp"

#include <fmt/format.h>
#include <cmath>
#include <cstdio>

namespace event_engine {

std::string bytes_with_units(std::uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  const char* const units[] = {"kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1000;
  std::size_t unit = 0;
  while (value >= 999.95 && unit + 1 < std::size(units)) {
    value /= 1000;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string count_with_units(double count) {
  if (count < 1000) return fmt::format("{:.0f}", count);
  if (count < 999'500) return fmt::format("{:.0f}k", count / 1e3);
  if (count < 999'500'000) return fmt::format("{:.2f}M", count / 1e6);
  return fmt::format("{:.2f}G", count / 1e9);
}

std::string clock_time(double seconds) {
  const auto whole = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  if (whole >= 3600) return fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

PublishProgress::PublishProgress(std::uint64_t total_bytes, bool draw)
    : total_bytes_(total_bytes), draw_(draw) {}

double PublishProgress::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - started_).count();
}

void PublishProgress::update(std::uint64_t events, std::uint64_t bytes) {
  if (!draw_) return;
  constexpr std::uint64_t width = 30;
  const std::uint64_t done = std::min(bytes, total_bytes_);
  const std::uint64_t filled = total_bytes_ == 0 ? width : width * done / total_bytes_;
  const double seconds = elapsed_seconds();
  const double bytes_per_second = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const std::string left =
      bytes_per_second > 0 ? clock_time(static_cast<double>(total_bytes_ - done) / bytes_per_second) + " left"
                           : "";
  // The trailing spaces wipe what a longer previous line left behind.
  std::fputs(
      fmt::format("\r[{}{}] {:3}%  {} of {}  {} events  {} events/s  {}   ", std::string(filled, '#'),
                  std::string(width - filled, '.'), total_bytes_ == 0 ? 100 : 100 * done / total_bytes_,
                  bytes_with_units(done), bytes_with_units(total_bytes_), events,
                  count_with_units(seconds > 0 ? static_cast<double>(events) / seconds : 0), left)
          .c_str(),
      stderr);
}

std::string PublishProgress::finish(std::uint64_t events, std::uint64_t bytes, const std::string& topic) {
  if (draw_) {
    update(events, total_bytes_);
    std::fputc('\n', stderr);
  }
  const double seconds = elapsed_seconds();
  return fmt::format("published {} events ({}) to topic \"{}\" in {:.2f} s, {} events/s", events,
                     bytes_with_units(bytes), topic, seconds,
                     count_with_units(seconds > 0 ? static_cast<double>(events) / seconds : 0));
}

}  // namespace event_engine
