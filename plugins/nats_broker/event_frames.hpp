// How several events travel in one NATS message: a 4-byte marker, then each event as a varint
// length and its bytes. A message without the marker is one event (what `nats pub update_model w`
// sends), so outside publishers need no framing. Decoding is bounded by the message: a length
// running past its end is reported, never read beyond.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "event_engine/event_batch.hpp"

namespace nats_broker {

inline constexpr std::string_view frame_marker{"\0EE1", 4};

// Replaces `message` with events [first, last) of `events`, framed. Reuses its capacity.
void encode_frames(const event_engine::EventBatch& events, std::size_t first, std::size_t last,
                   std::string& message);

// Reads a message event by event. `skip` events are passed over first (a message already
// partly applied before a restart).
class FrameReader {
 public:
  explicit FrameReader(std::string_view message, std::size_t skip = 0);
  // The next event, or false at the end of the message. A corrupt frame yields the rest of the
  // message as one last event (the model rejects it; it is counted, not lost) and sets corrupt().
  // Inline for the common frame, a length below 128 in one byte: the consumer calls it per event.
  bool next(std::string_view& event) {
    if (framed_ && at_ < message_.size()) {
      const auto length = static_cast<unsigned char>(message_[at_]);
      if (length < 0x80 && length < message_.size() - at_) {
        event = message_.substr(at_ + 1, length);
        at_ += 1 + length;
        ++taken_;
        return true;
      }
    }
    return next_other(event);
  }
  std::size_t taken() const noexcept { return taken_; }  // events read so far, skipped ones included
  bool done() const noexcept { return at_ >= message_.size() && (framed_ || taken_ > 0); }
  bool corrupt() const noexcept { return corrupt_; }

 private:
  // The rest: an unframed message, the end, a longer length, a corrupt frame.
  bool next_other(std::string_view& event);

  std::string_view message_;
  std::size_t at_ = 0;
  std::size_t taken_ = 0;
  bool framed_ = false;
  bool corrupt_ = false;
};

}  // namespace nats_broker
