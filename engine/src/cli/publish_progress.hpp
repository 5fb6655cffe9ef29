// What `publish --file` tells the person waiting: on a terminal a bar that redraws in place (bytes
// read with units, events published, the rate and the time left); everywhere a final line with the
// totals and the rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace event_engine {

class PublishProgress {
 public:
  // `total_bytes`: the file's size; `draw`: whether to draw the bar (stderr is a terminal).
  PublishProgress(std::uint64_t total_bytes, bool draw);

  // After each published batch: how many events so far and how many bytes of the file they took.
  void update(std::uint64_t events, std::uint64_t bytes);

  // Ends the bar (when drawn) and returns the final line, e.g. "published 3000000 events (6.0 MB)
  // to topic "update_model" in 2.4 s, 1.25M events/s".
  std::string finish(std::uint64_t events, std::uint64_t bytes, const std::string& topic);

 private:
  using Clock = std::chrono::steady_clock;
  double elapsed_seconds() const;

  std::uint64_t total_bytes_;
  bool draw_;
  Clock::time_point started_ = Clock::now();
};

// "6.0 MB", "512 B": SI units, as file managers and `ls -h --si` show sizes.
std::string bytes_with_units(std::uint64_t bytes);
// "1.25M", "980k", "12": a count with an SI suffix.
std::string count_with_units(double count);
// "1:05:09", "2:03": hours only when needed.
std::string clock_time(double seconds);

}  // namespace event_engine
