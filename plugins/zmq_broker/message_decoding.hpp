// How the receiver reads a ZeroMQ message (README.md, "Wire format"): which frames make events,
// the optional send time, and where a body's events end. Plain functions over bytes, apart from the
// sockets, so the fuzz target and the unit test run the very code the broker does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "zmq_broker_config.hpp"

namespace zmq_broker {

// The frames of one message as received, viewing the receiver's own message buffers.
struct ReceivedFrames {
  std::array<std::string_view, 3> frames;
  std::size_t count = 0;
  // False when the message had more than three frames, or announced a frame that did not come.
  bool complete = true;
};

enum class MessageVerdict { events, unknown_topic, malformed };

struct DecodedMessage {
  MessageVerdict verdict = MessageVerdict::malformed;
  std::string_view body;              // the events, when verdict is `events`
  std::uint64_t sent_at_unix_ns = 0;  // 0 when the message had no third frame
};

// `topics` are the subscribed ones; a one-frame message is for the first of them.
DecodedMessage decode_message(const ReceivedFrames& received, Pattern pattern,
                              std::span<const std::string> topics) noexcept;

// The third frame: decimal nanoseconds since the Unix epoch, digits only, the whole frame.
bool parse_sent_at(std::string_view digits, std::uint64_t& unix_ns) noexcept;

// Events in a body: `\n` separates them, and one trailing `\n` ends the last rather than starting
// an empty one (so an empty body is one empty event).
std::size_t count_events(std::string_view body) noexcept;

}  // namespace zmq_broker
