#include "event_frames.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace nats_broker {
namespace {

constexpr int most_length_bytes = 5;  // a varint of a 32-bit length

// Writes `value` as a varint at `out`; returns one past its last byte.
char* write_varint(char* out, std::uint32_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

// Whether events [first, last) are one byte each: their end offsets step by one from `begin`.
// Or'ed differences, a loop the compiler vectorises.
bool one_byte_each(const std::vector<std::uint32_t>& ends, std::size_t first, std::size_t last,
                   std::uint32_t begin) {
  std::uint32_t differences = 0;
  std::uint32_t expected = begin + 1;
  for (std::size_t i = first; i < last; ++i) differences |= ends[i] ^ expected++;
  return differences == 0;
}

}  // namespace

// Sized once for the worst case and written through a pointer: one resize per message, not a
// push_back per length byte and an append per event.
void encode_frames(const event_engine::EventBatch& events, std::size_t first, std::size_t last,
                   std::string& message) {
  if (first >= last) {
    message.assign(frame_marker);
    return;
  }
  const std::uint32_t begin = first == 0 ? 0 : events.ends()[first - 1];
  const std::uint32_t end = events.ends()[last - 1];
  if (end - begin == last - first && one_byte_each(events.ends(), first, last, begin)) {
    // Events of one byte (the default routes' "w" and "l"): each frame is a length of 1 and the
    // byte, written as one interleaving pass that the compiler vectorises.
    message.resize(frame_marker.size() + 2 * (last - first));
    char* const out = std::copy(frame_marker.begin(), frame_marker.end(), message.data());
    const char* const in = events.bytes().data() + begin;
    for (std::size_t i = 0; i < last - first; ++i) {
      out[2 * i] = 1;
      out[2 * i + 1] = in[i];
    }
    return;
  }
  message.resize(frame_marker.size() + (last - first) * most_length_bytes + (end - begin));
  char* out = message.data();
  out = std::copy(frame_marker.begin(), frame_marker.end(), out);
  for (std::size_t i = first; i < last; ++i) {
    const std::string_view event = events[i];
    out = write_varint(out, static_cast<std::uint32_t>(event.size()));
    // Events are mostly a few bytes: a loop beats a call into memmove for each.
    if (event.size() <= 16) {
      for (const char byte : event) *out++ = byte;
    } else {
      out = std::copy(event.begin(), event.end(), out);
    }
  }
  message.resize(static_cast<std::size_t>(out - message.data()));
}

FrameReader::FrameReader(std::string_view message, std::size_t skip) : message_(message) {
  framed_ = message_.starts_with(frame_marker);
  if (framed_) at_ = frame_marker.size();
  std::string_view ignored;
  while (taken_ < skip && next(ignored)) {
  }
}

bool FrameReader::next_other(std::string_view& event) {
  if (!framed_) {
    if (taken_ > 0) return false;
    event = message_;
    at_ = message_.size();
    ++taken_;
    return true;
  }
  if (at_ >= message_.size()) return false;
  std::uint64_t length = 0;
  std::size_t cursor = at_;
  for (int shift = 0; shift < 7 * most_length_bytes; shift += 7) {
    if (cursor >= message_.size()) break;
    const auto byte = static_cast<unsigned char>(message_[cursor++]);
    length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      if (length <= message_.size() - cursor) {
        event = message_.substr(cursor, length);
        at_ = cursor + length;
        ++taken_;
        return true;
      }
      break;
    }
  }
  corrupt_ = true;
  event = message_.substr(at_);
  at_ = message_.size();
  ++taken_;
  return true;
}

}  // namespace nats_broker
