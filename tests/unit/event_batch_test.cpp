// EventBatch: delimited bodies split into events as the wire formats say, and the send time (the
// earliest noted, unknown ignored, gone after clear()), and the entries a broker refused for their size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "batch_events.hpp"
#include "event_engine/event_batch.hpp"

namespace event_engine {
namespace {

using event_engine::testing::events_of;

TEST(EventBatchAddDelimited, OneTrailingSeparatorEndsTheLastEvent) {
  EventBatch batch;
  EXPECT_EQ(batch.add_delimited("w\nl\nw\n"), 3u);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l", "w"}));
  EXPECT_EQ(batch.bytes(), "wlw");
}

TEST(EventBatchAddDelimited, EmptyPiecesAreEvents) {
  EventBatch batch;
  EXPECT_EQ(batch.add_delimited("\nw\n\n\n"), 4u);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"", "w", "", ""}));
  batch.clear();
  EXPECT_EQ(batch.add_delimited(""), 1u);
  EXPECT_EQ(events_of(batch), std::vector<std::string>{""});
}

TEST(EventBatchAddDelimited, AppendsAfterWhatTheBatchHolds) {
  EventBatch batch;
  batch.add("first");
  EXPECT_EQ(batch.add_delimited("a longer event;second|third", ';'), 2u);
  batch.add("last");
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"first", "a longer event", "second|third", "last"}));
}

TEST(EventBatchAddFirstDelimited, TakesTheEventsAskedAndEndsAfterTheSeparatorOfTheLast) {
  EventBatch batch;
  const EventBatch::DelimitedTaken first = batch.add_first_delimited("w\nl\nw", 1);
  EXPECT_EQ(first.events, 1u);
  EXPECT_EQ(first.bytes, 2u);
  const EventBatch::DelimitedTaken rest = batch.add_first_delimited("l\nw", 5);
  EXPECT_EQ(rest.events, 2u);
  EXPECT_EQ(rest.bytes, 3u);
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"w", "l", "w"}));

  batch.clear();
  const EventBatch::DelimitedTaken empties = batch.add_first_delimited("\n\n\n", 2);
  EXPECT_EQ(empties.events, 2u);
  EXPECT_EQ(empties.bytes, 2u);  // the third newline is the last (empty) event's
  EXPECT_EQ(events_of(batch), (std::vector<std::string>{"", ""}));

  // A trailing separator ends the last event taken: nothing is left.
  batch.clear();
  const EventBatch::DelimitedTaken whole = batch.add_first_delimited("w\nl\n", 2);
  EXPECT_EQ(whole.events, 2u);
  EXPECT_EQ(whole.bytes, 4u);
  EXPECT_EQ(batch.add_first_delimited("w", 0).events, 0u);
}

// Longer than the block the copy's room grows by, cut at every size: the same events as whole.
TEST(EventBatchAddFirstDelimited, ABodyTakenInPartsGivesTheEventsOfTheWhole) {
  std::string body;
  for (int i = 0; i < 3000; ++i) body += (i % 7 == 0 ? "" : "event-" + std::to_string(i)) + "\n";
  body += "unended";
  EventBatch whole;
  const std::size_t events = whole.add_delimited(body);
  EXPECT_EQ(events, 3001u);
  for (const std::size_t limit : {1u, 2u, 999u, 3000u, 3001u}) {
    EventBatch in_parts;
    std::string_view unread = body;
    do {
      unread.remove_prefix(in_parts.add_first_delimited(unread, limit).bytes);
    } while (!unread.empty());
    EXPECT_EQ(events_of(in_parts), events_of(whole)) << "limit " << limit;
  }
}

// The plain loops (other processors) and the dispatched ones (AVX-512 where there is) agree on
// bodies of every length around the 64-byte step, with separators anywhere.
TEST(DelimitedScan, ThePlainAndTheDispatchedLoopsAgree) {
  std::string body;
  for (std::size_t length = 0; length < 300; ++length) {
    body.push_back(length % 3 == 0 || length % 7 == 0 ? '\n' : static_cast<char>('a' + length % 26));
    std::vector<char> plain_bytes(body.size() + 64), bytes(body.size() + 64);
    std::vector<std::uint32_t> plain_ends(body.size() + 16), ends(body.size() + 16);
    const std::size_t separators = delimited_scan::count_plainly(body.data(), body.size(), '\n');
    EXPECT_EQ(delimited_scan::count(body.data(), body.size(), '\n'), separators);
    const std::size_t plain_written = delimited_scan::squeeze_plainly(
        body.data(), body.size(), '\n', plain_bytes.data(), plain_ends.data(), 5);
    const std::size_t written =
        delimited_scan::squeeze(body.data(), body.size(), '\n', bytes.data(), ends.data(), 5);
    ASSERT_EQ(written, plain_written);
    EXPECT_TRUE(std::equal(bytes.begin(), bytes.begin() + written, plain_bytes.begin()));
    EXPECT_TRUE(std::equal(ends.begin(), ends.begin() + separators, plain_ends.begin()))
        << "length " << length;
  }
}

TEST(EventBatchSentAt, UnknownUntilNoted) {
  EventBatch batch;
  batch.add("w");
  EXPECT_EQ(batch.sent_at_unix_ns(), 0u);
  batch.note_sent_at(0);
  EXPECT_EQ(batch.sent_at_unix_ns(), 0u);
}

TEST(EventBatchSentAt, KeepsTheEarliestNoted) {
  EventBatch batch;
  batch.note_sent_at(2'000);
  batch.note_sent_at(1'000);
  batch.note_sent_at(0);
  batch.note_sent_at(3'000);
  EXPECT_EQ(batch.sent_at_unix_ns(), 1'000u);
}

TEST(EventBatchSentAt, ClearForgetsIt) {
  EventBatch batch;
  batch.add("w");
  batch.note_sent_at(1'000);
  batch.clear();
  EXPECT_EQ(batch.sent_at_unix_ns(), 0u);
  batch.note_sent_at(5'000);
  EXPECT_EQ(batch.sent_at_unix_ns(), 5'000u);
}

TEST(EventBatchOversized, KeepsTheSizeBoundPositionAndOnlyTheFirstBytesAndIsNoEvent) {
  EventBatch batch;
  batch.add("w");
  const std::string entry = "head" + std::string(1000, 'x');
  batch.add_oversized(entry.size(), 100, entry, "1700000000000-0");
  EXPECT_EQ(events_of(batch), std::vector<std::string>{"w"});
  ASSERT_EQ(batch.oversized().size(), 1u);
  EXPECT_EQ(batch.oversized()[0].size, 1004u);
  EXPECT_EQ(batch.oversized()[0].bound, 100u);
  EXPECT_EQ(batch.oversized()[0].first_bytes, entry.substr(0, EventBatch::oversized_prefix_bytes));
  EXPECT_EQ(batch.oversized()[0].position, "1700000000000-0");
  batch.clear();
  EXPECT_TRUE(batch.oversized().empty());
}

}  // namespace
}  // namespace event_engine
