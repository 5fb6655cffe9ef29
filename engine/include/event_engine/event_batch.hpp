// A batch of events: payload bytes stored back to back, with their end offsets. Cleared batches
// keep their capacity, so steady-state filling allocates nothing per event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  // for the model to reject), except one trailing separator. One pass over the body, which is
  // copied once with the separators squeezed out: no search or append call per event.
  std::size_t add_delimited(std::string_view body, char separator = '\n') {
    if (!body.empty() && body.back() == separator) body.remove_suffix(1);
    const std::size_t events_before = ends_.size();
    std::size_t end = bytes_.size();
    bytes_.resize(end + body.size());
    char* const out = bytes_.data();
    for (const char byte : body) {
      if (byte == separator) {
        ends_.push_back(static_cast<std::uint32_t>(end));
      } else {
        out[end++] = byte;
      }
    }
    ends_.push_back(static_cast<std::uint32_t>(end));
    bytes_.resize(end);
    return ends_.size() - events_before;
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

 private:
  std::string bytes_;
  std::vector<std::uint32_t> ends_;
  std::string last_position_;
  std::uint64_t sent_at_unix_ns_ = 0;
  std::vector<OversizedEntry> oversized_;
};

}  // namespace event_engine
