// Target 9: what the NATS plugins read from the server: a message's event frames (written by
// another engine, or by anyone who can publish to the stream's subjects) and a checkpoint's stream
// position. Reading any message ends within one event per byte, every event lies inside the
// message, a reader that skips k events yields what a whole reading yields from event k on, and
// events framed by encode_frames read back as themselves. A position that parses formats back to
// the same text, leading zeros aside.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <string_view>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "event_frames.hpp"
#include "fuzz_check.hpp"
#include "stream_position.hpp"

namespace {

using namespace nats_broker;

std::vector<std::string_view> read_all(std::string_view message, std::size_t skip, bool& corrupt) {
  FrameReader reader(message, skip);
  std::vector<std::string_view> events;
  std::string_view event;
  while (reader.next(event)) {
    FUZZ_CHECK(event.data() >= message.data() &&
               event.data() + event.size() <= message.data() + message.size());
    events.push_back(event);
    FUZZ_CHECK(events.size() <= message.size() + 1);
  }
  FUZZ_CHECK(reader.done());
  corrupt = reader.corrupt();
  return events;
}

void check_reading(std::string_view message, std::size_t skip) {
  bool corrupt = false;
  const std::vector<std::string_view> whole = read_all(message, 0, corrupt);
  FUZZ_CHECK(!corrupt || message.starts_with(frame_marker));
  if (!message.starts_with(frame_marker)) {
    // An unframed message is one event, whatever it holds.
    FUZZ_CHECK(whole.size() == 1 && whole[0] == message);
  }
  bool skipped_corrupt = false;
  const std::vector<std::string_view> rest = read_all(message, skip, skipped_corrupt);
  FUZZ_CHECK(rest.size() == (skip < whole.size() ? whole.size() - skip : 0));
  for (std::size_t i = 0; i < rest.size(); ++i) FUZZ_CHECK(rest[i] == whole[skip + i]);
}

void check_round_trip(FuzzedDataProvider& input) {
  event_engine::EventBatch events;
  const std::size_t count = input.ConsumeIntegralInRange<std::size_t>(0, 64);
  for (std::size_t i = 0; i < count; ++i) {
    // Now and then an event longer than one varint byte can say (127).
    const std::size_t length = input.ConsumeIntegralInRange(0, 15) == 0 ? 300 : 12;
    events.add(input.ConsumeRandomLengthString(length));
  }
  const std::size_t first = input.ConsumeIntegralInRange<std::size_t>(0, count);
  const std::size_t last = input.ConsumeIntegralInRange<std::size_t>(first, count);
  std::string message = input.ConsumeRandomLengthString(16);  // capacity and bytes to be replaced
  encode_frames(events, first, last, message);
  FUZZ_CHECK(message.starts_with(frame_marker));
  bool corrupt = false;
  const std::vector<std::string_view> read = read_all(message, 0, corrupt);
  FUZZ_CHECK(!corrupt);
  FUZZ_CHECK(read.size() == last - first);
  for (std::size_t i = 0; i < read.size(); ++i) FUZZ_CHECK(read[i] == events[first + i]);
}

void check_position(std::string_view text) {
  const std::optional<StreamPosition> position = parse_stream_position(text);
  if (!position) return;
  FUZZ_CHECK(position->sequence >= 1);
  FUZZ_CHECK(position->whole || position->events_taken >= 1);
  FUZZ_CHECK(position->last_whole() == (position->whole ? position->sequence : position->sequence - 1));
  std::string formatted;
  format_stream_position(*position, formatted);
  const std::optional<StreamPosition> again = parse_stream_position(formatted);
  FUZZ_CHECK(again && again->sequence == position->sequence && again->whole == position->whole &&
             again->events_taken == position->events_taken);
  FUZZ_CHECK(formatted.size() <= text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  switch (input.ConsumeIntegralInRange(0, 2)) {
    case 0: {
      const std::size_t skip = input.ConsumeIntegralInRange<std::size_t>(0, 70);
      // Half the inputs framed, so most of the work goes to the frame decoder.
      std::string message = input.ConsumeBool() ? std::string(frame_marker) : std::string();
      message += input.ConsumeRemainingBytesAsString();
      check_reading(message, skip);
      break;
    }
    case 1:
      check_round_trip(input);
      break;
    default:
      check_position(input.ConsumeRemainingBytesAsString());
      break;
  }
  return 0;
}
