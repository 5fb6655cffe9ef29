// A batch of events: payload bytes stored back to back, with their end offsets. Cleared batches
// keep their capacity, so steady-state filling allocates nothing per event.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "event_engine/delimited_scan.hpp"

namespace event_engine {

// An entry a broker received but refused before the model could see it, because it is larger than
// the broker's max_message_bytes: the pipeline keeps it in the dead-letter file and counts it.
struct OversizedEntry {
  std::uint64_t size = 0;   // its whole size in bytes
  std::uint64_t bound = 0;  // the broker's max_message_bytes
  std::string first_bytes;  // its first bytes, at most EventBatch::oversized_prefix_bytes
  std::string position;     // where it sits in the broker (stream id, sequence...), empty if none
};

class EventBatch {
 public:
  // How much of an oversized entry is kept, for a person to tell where it came from.
  static constexpr std::size_t oversized_prefix_bytes = 256;

  void clear() noexcept {
    bytes_.clear();
    ends_.clear();
    last_position_.clear();
    sent_at_unix_ns_ = 0;
    oversized_.clear();
  }

  void reserve(std::size_t events, std::size_t bytes) {
    ends_.reserve(events);
    bytes_.reserve(bytes);
  }

  void add(std::string_view payload) {
    bytes_.append(payload);
    ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  }

  // Adds every `separator`-delimited event of `body`; empty pieces are kept (they are bad events
  // for the model to reject), except one trailing separator.
  std::size_t add_delimited(std::string_view body, char separator = '\n') {
    return add_first_delimited(body, std::numeric_limits<std::size_t>::max(), separator).events;
  }

  struct DelimitedTaken {
    std::size_t events = 0;  // events added
    std::size_t bytes = 0;   // bytes of the body they came from, their separators included
  };

  // Adds the first `max_events` events of `body` as add_delimited() splits it, and says how many
  // bytes of the body they took: when it holds more, up to and with the separator that ends the
  // last one taken, so that the rest of the body (none if the rest is empty) gives the others.
  // Only the bytes taken are read (so a body taken in many parts costs O(its size) in all): once
  // to count the separators, once to copy them out (delimited_scan.hpp); no call per event.
  DelimitedTaken add_first_delimited(std::string_view body, std::size_t max_events, char separator = '\n') {
    if (max_events == 0) return {};
    const DelimitedTaken taken = extent_of_first_events(body, max_events, separator);
    // Each event but an unseparated last one (the rest of the body, taken whole) ends with one.
    const bool unseparated_last = taken.bytes == body.size() && (body.empty() || body.back() != separator);
    const std::size_t separators = taken.events - (unseparated_last ? 1 : 0);
    const std::size_t base = bytes_.size();
    const std::size_t first_end = ends_.size();
    constexpr std::size_t byte_room = 64, end_room = 16;  // what delimited_scan::squeeze() may overwrite
    bytes_.resize(base + (taken.bytes - separators) + byte_room);
    ends_.resize(first_end + taken.events + end_room);
    const std::size_t written =
        delimited_scan::squeeze(body.data(), taken.bytes, separator, bytes_.data() + base,
                                ends_.data() + first_end, static_cast<std::uint32_t>(base));
    if (unseparated_last) ends_[first_end + separators] = static_cast<std::uint32_t>(base + written);
    bytes_.resize(base + written);
    ends_.resize(first_end + taken.events);
    return taken;
  }

  std::size_t size() const noexcept { return ends_.size(); }
  bool empty() const noexcept { return ends_.empty(); }

  std::string_view operator[](std::size_t index) const noexcept {
    const std::uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(bytes_.data() + begin, ends_[index] - begin);
  }

  // Notes an entry the broker refused for its size (never an event of the batch). A durable broker
  // still moves past it: it acknowledges it, or covers it by the batch's last position.
  void add_oversized(std::uint64_t size, std::uint64_t bound, std::string_view entry_start,
                     std::string_view position = {}) {
    oversized_.push_back(OversizedEntry{
        size, bound, std::string(entry_start.substr(0, oversized_prefix_bytes)), std::string(position)});
  }
  const std::vector<OversizedEntry>& oversized() const noexcept { return oversized_; }

  // The bytes of every event back to back, and the offset one past each event: the fast path for
  // code that scans a whole batch.
  std::string_view bytes() const noexcept { return bytes_; }
  const std::vector<std::uint32_t>& ends() const noexcept { return ends_; }

  // The broker position of the last event in the batch (stream id, sequence number...).
  const std::string& last_position() const noexcept { return last_position_; }
  void set_last_position(std::string_view position) { last_position_.assign(position); }

  // When the oldest event of the batch was sent, as its sender stated: nanoseconds since the Unix
  // epoch (system_clock), 0 when unknown. The engine measures event age at apply with it.
  std::uint64_t sent_at_unix_ns() const noexcept { return sent_at_unix_ns_; }
  // Keeps the earliest send time noted; 0 (unknown) changes nothing.
  void note_sent_at(std::uint64_t unix_ns) noexcept {
    if (unix_ns != 0 && (sent_at_unix_ns_ == 0 || unix_ns < sent_at_unix_ns_)) sent_at_unix_ns_ = unix_ns;
  }

  // How many events add_first_delimited() takes (max_events > 0) and how many bytes they span, from
  // a count of the separators block by block, so that a limit stops it early. Adds nothing: for a
  // caller that only needs to know where the first events end (`event-engine publish --file`).
  static DelimitedTaken extent_of_first_events(std::string_view body, std::size_t max_events,
                                               char separator) noexcept {
    constexpr std::size_t block = 4096;
    std::size_t separators = 0;
    for (std::size_t start = 0; start < body.size(); start += block) {
      const std::size_t size = std::min(block, body.size() - start);
      const std::size_t in_block = delimited_scan::count(body.data() + start, size, separator);
      if (separators + in_block >= max_events) {
        // The limit falls in this block: find its separator, once per call.
        for (std::size_t offset = start;; ++offset) {
          if (body[offset] == separator && ++separators == max_events) return {max_events, offset + 1};
        }
      }
      separators += in_block;
    }
    const bool unseparated_last = body.empty() || body.back() != separator;
    return {separators + (unseparated_last ? 1 : 0), body.size()};
  }

 private:
  std::string bytes_;
  std::vector<std::uint32_t> ends_;
  std::string last_position_;
  std::uint64_t sent_at_unix_ns_ = 0;
  std::vector<OversizedEntry> oversized_;
};

}  // namespace event_engine
