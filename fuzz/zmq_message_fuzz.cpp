// Target 3: ZeroMQ message decoding. The input is a message of one to four frames (the last
// marking "more than three"), a pattern and the subscribed topics; decoding must agree with the
// wire format in plugins/zmq_broker/README.md, and cutting a body into batches of any size must
// give the same events as taking it whole.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "fuzz_check.hpp"
#include "message_decoding.hpp"

namespace {

using namespace zmq_broker;

void check_sent_at(std::string_view frame, std::uint64_t unix_ns) {
  // Digits only; leading zeros aside, the frame is the number's own decimal text.
  char digits[24];
  const auto written = std::to_chars(std::begin(digits), std::end(digits), unix_ns);
  const std::string_view canonical(digits, static_cast<std::size_t>(written.ptr - digits));
  const std::size_t zeros = frame.size() - canonical.size();
  FUZZ_CHECK(frame.size() >= canonical.size());
  FUZZ_CHECK(frame.substr(zeros) == canonical);
  FUZZ_CHECK(frame.substr(0, zeros).find_first_not_of('0') == std::string_view::npos);
}

void check_cutting(std::string_view body, std::size_t limit) {
  event_engine::EventBatch whole;
  const std::size_t events = count_events(body);
  FUZZ_CHECK(whole.add_delimited(body) == events);

  // As ZmqBroker::take_unread does with a batch of `limit` free places, poll after poll.
  event_engine::EventBatch in_parts;
  std::string_view unread = body;
  std::size_t taken = 0;
  do {
    const std::size_t remaining = count_events(unread);
    FUZZ_CHECK(remaining == events - taken);
    const event_engine::EventBatch::DelimitedTaken part = in_parts.add_first_delimited(unread, limit);
    FUZZ_CHECK(part.events == std::min(limit, remaining));
    FUZZ_CHECK(part.bytes <= unread.size());
    // A part that leaves events behind ends after the newline of its last event.
    if (part.bytes < unread.size()) FUZZ_CHECK(part.bytes > 0 && unread[part.bytes - 1] == '\n');
    unread.remove_prefix(part.bytes);
    taken += part.events;
  } while (!unread.empty());
  FUZZ_CHECK(taken == events);
  FUZZ_CHECK(in_parts.size() == whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) FUZZ_CHECK(in_parts[i] == whole[i]);
  // No event holds a newline, and the bytes are the body's less its separators.
  FUZZ_CHECK(whole.bytes().find('\n') == std::string_view::npos);
  const std::size_t separators = events - 1 + (!body.empty() && body.back() == '\n' ? 1 : 0);
  FUZZ_CHECK(whole.bytes().size() + separators == body.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const Pattern pattern = input.ConsumeBool() ? Pattern::pub_sub : Pattern::push_pull;
  const std::size_t frame_count = input.ConsumeIntegralInRange<std::size_t>(1, 4);
  const std::size_t limit = input.ConsumeIntegralInRange<std::size_t>(1, 64);
  const std::vector<std::string> topics = {"update_model", input.ConsumeRandomLengthString(32)};
  std::vector<std::string> frames;
  for (std::size_t i = 0; i + 1 < frame_count; ++i) frames.push_back(input.ConsumeRandomLengthString(256));
  frames.push_back(input.ConsumeRemainingBytesAsString());

  ReceivedFrames received;
  for (const std::string& frame : frames) {
    if (received.count == received.frames.size()) {
      received.complete = false;
      break;
    }
    received.frames[received.count++] = frame;
  }
  const DecodedMessage decoded = decode_message(received, pattern, topics);

  const bool lone_frame = frames.size() == 1;
  if (frames.size() > 3 || (lone_frame && pattern == Pattern::pub_sub)) {
    FUZZ_CHECK(decoded.verdict == MessageVerdict::malformed);
    return 0;
  }
  std::uint64_t sent_at = 0;
  const bool sent_at_valid = frames.size() == 3 && parse_sent_at(frames[2], sent_at);
  if (frames.size() == 3 && !sent_at_valid) {
    FUZZ_CHECK(decoded.verdict == MessageVerdict::malformed);
    return 0;
  }
  const bool subscribed = lone_frame || frames[0] == topics[0] || frames[0] == topics[1];
  FUZZ_CHECK(decoded.verdict == (subscribed ? MessageVerdict::events : MessageVerdict::unknown_topic));
  if (!subscribed) return 0;
  FUZZ_CHECK(decoded.body == frames[lone_frame ? 0 : 1]);
  FUZZ_CHECK(decoded.sent_at_unix_ns == sent_at);
  if (sent_at_valid) check_sent_at(frames[2], sent_at);
  check_cutting(decoded.body, limit);
  return 0;
}
