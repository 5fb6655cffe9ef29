#include "event_frames.hpp"

#include <cstdint>

namespace nats_broker {
namespace {

constexpr int most_length_bytes = 5;  // a varint of a 32-bit length

void append_varint(std::string& out, std::uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

}  // namespace

void encode_frames(const event_engine::EventBatch& events, std::size_t first, std::size_t last,
                   std::string& message) {
  message.assign(frame_marker);
  for (std::size_t i = first; i < last; ++i) {
    const std::string_view event = events[i];
    append_varint(message, static_cast<std::uint32_t>(event.size()));
    message.append(event);
  }
}

FrameReader::FrameReader(std::string_view message, std::size_t skip) : message_(message) {
  framed_ = message_.starts_with(frame_marker);
  if (framed_) at_ = frame_marker.size();
  std::string_view ignored;
  while (taken_ < skip && next(ignored)) {
  }
}

bool FrameReader::next(std::string_view& event) {
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
