#include "message_decoding.hpp"

#include <algorithm>
#include <charconv>

namespace zmq_broker {

DecodedMessage decode_message(const ReceivedFrames& received, Pattern pattern,
                              std::span<const std::string> topics) noexcept {
  DecodedMessage decoded;
  if (!received.complete || received.count == 0 || received.count > received.frames.size()) return decoded;
  if (received.count == 1) {
    // SUB filters on the first frame, so with pub_sub a lone frame cannot be told from a topic.
    if (pattern == Pattern::pub_sub) return decoded;
    decoded.verdict = MessageVerdict::events;
    decoded.body = received.frames[0];
    return decoded;
  }
  std::uint64_t sent_at_unix_ns = 0;
  if (received.count == 3 && !parse_sent_at(received.frames[2], sent_at_unix_ns)) return decoded;
  if (std::find(topics.begin(), topics.end(), received.frames[0]) == topics.end()) {
    decoded.verdict = MessageVerdict::unknown_topic;
    return decoded;
  }
  decoded.verdict = MessageVerdict::events;
  decoded.body = received.frames[1];
  decoded.sent_at_unix_ns = sent_at_unix_ns;
  return decoded;
}

bool parse_sent_at(std::string_view digits, std::uint64_t& unix_ns) noexcept {
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), unix_ns);
  return !digits.empty() && error == std::errc() && end == digits.data() + digits.size();
}

std::size_t count_events(std::string_view body) noexcept {
  const auto newlines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
  return body.empty() || body.back() != '\n' ? newlines + 1 : newlines;
}

}  // namespace zmq_broker
