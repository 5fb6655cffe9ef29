// The wire format's decoding, byte for byte as README.md's "Wire format" states it.
#include "message_decoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zmq_broker {
namespace {

const std::vector<std::string> topics = {"update_model", "other"};

ReceivedFrames frames_of(std::initializer_list<std::string_view> frames) {
  ReceivedFrames received;
  for (std::string_view frame : frames) received.frames[received.count++] = frame;
  return received;
}

TEST(MessageDecoding, OneFrameIsABodyForTheFirstTopicExceptWithPubSub) {
  const DecodedMessage push = decode_message(frames_of({"w\nl"}), Pattern::push_pull, topics);
  EXPECT_EQ(push.verdict, MessageVerdict::events);
  EXPECT_EQ(push.body, "w\nl");
  EXPECT_EQ(decode_message(frames_of({"w"}), Pattern::pub_sub, topics).verdict, MessageVerdict::malformed);
}

TEST(MessageDecoding, TopicsMatchExactly) {
  EXPECT_EQ(decode_message(frames_of({"update_model", "w"}), Pattern::pub_sub, topics).body, "w");
  EXPECT_EQ(decode_message(frames_of({"update_model2", "w"}), Pattern::pub_sub, topics).verdict,
            MessageVerdict::unknown_topic);
  EXPECT_EQ(decode_message(frames_of({"update", "w"}), Pattern::push_pull, topics).verdict,
            MessageVerdict::unknown_topic);
}

TEST(MessageDecoding, TheThirdFrameIsASendTimeInDecimalDigitsOnly) {
  const DecodedMessage timed =
      decode_message(frames_of({"other", "w", "1718035200123456789"}), Pattern::push_pull, topics);
  EXPECT_EQ(timed.verdict, MessageVerdict::events);
  EXPECT_EQ(timed.sent_at_unix_ns, 1718035200123456789u);
  for (std::string_view bad : {"", "-1", "+1", "12a", "1 ", "18446744073709551616"}) {
    EXPECT_EQ(decode_message(frames_of({"other", "w", bad}), Pattern::push_pull, topics).verdict,
              MessageVerdict::malformed)
        << bad;
  }
}

TEST(MessageDecoding, AMessageOfMoreFramesOrAMissingFrameIsMalformed) {
  ReceivedFrames four = frames_of({"other", "w", "1"});
  four.complete = false;
  EXPECT_EQ(decode_message(four, Pattern::push_pull, topics).verdict, MessageVerdict::malformed);
  EXPECT_EQ(decode_message(ReceivedFrames{}, Pattern::push_pull, topics).verdict, MessageVerdict::malformed);
}

TEST(MessageDecoding, OneTrailingNewlineEndsTheLastEvent) {
  EXPECT_EQ(count_events(""), 1u);
  EXPECT_EQ(count_events("w"), 1u);
  EXPECT_EQ(count_events("w\n"), 1u);
  EXPECT_EQ(count_events("w\n\n"), 2u);
  EXPECT_EQ(count_events("w\n\nl"), 3u);
}

}  // namespace
}  // namespace zmq_broker
