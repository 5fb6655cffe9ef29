// The nats plugin's pure parts: event framing (bounded by the message, corrupt frames reported),
// stream positions, and config errors that name their JSON path.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "event_frames.hpp"
#include "nats_broker_config.hpp"
#include "stream_position.hpp"

namespace nats_broker {
namespace {

std::vector<std::string> read_all(std::string_view message, std::size_t skip = 0) {
  FrameReader reader(message, skip);
  std::vector<std::string> events;
  std::string_view event;
  while (reader.next(event)) events.emplace_back(event);
  return events;
}

TEST(EventFrames, ABatchRoundTripsThroughOneMessage) {
  event_engine::EventBatch batch;
  batch.add("w");
  batch.add("");
  batch.add(std::string(300, 'x'));  // a two-byte length
  batch.add("l\nw");                 // any bytes, newlines included
  std::string message;
  encode_frames(batch, 0, batch.size(), message);
  EXPECT_EQ(read_all(message), (std::vector<std::string>{"w", "", std::string(300, 'x'), "l\nw"}));
  EXPECT_EQ(read_all(message, 2), (std::vector<std::string>{std::string(300, 'x'), "l\nw"}));
}

// Events of one byte each take a faster path; what it writes is the same frames.
TEST(EventFrames, OneByteEventsRoundTripFromAnyPartOfTheBatch) {
  event_engine::EventBatch batch;
  for (const char* event : {"w", "l", "w", "w", "l"}) batch.add(event);
  std::string message;
  encode_frames(batch, 1, 4, message);
  EXPECT_EQ(message, std::string(frame_marker) + std::string("\x01l\x01w\x01w", 6));
  EXPECT_EQ(read_all(message), (std::vector<std::string>{"l", "w", "w"}));
}

// As many bytes as events, yet not one byte each: an empty event beside a two-byte one.
TEST(EventFrames, AnEmptyEventBesideATwoByteOneIsFramedAsItIs) {
  event_engine::EventBatch batch;
  for (const char* event : {"w", "", "ww", "l"}) batch.add(event);
  std::string message;
  encode_frames(batch, 0, batch.size(), message);
  EXPECT_EQ(read_all(message), (std::vector<std::string>{"w", "", "ww", "l"}));
}

TEST(EventFrames, AMessageWithoutTheMarkerIsOneEvent) {
  EXPECT_EQ(read_all("w"), std::vector<std::string>{"w"});
  EXPECT_EQ(read_all(""), std::vector<std::string>{""});
  EXPECT_EQ(read_all("w", 1), std::vector<std::string>{});
}

TEST(EventFrames, ALengthPastTheEndYieldsTheRestAsOneEventAndIsReported) {
  std::string message(frame_marker);
  message += '\x01';
  message += 'w';
  message += '\x7f';  // 127 bytes announced, 2 present
  message += "ab";
  FrameReader reader(message);
  std::string_view event;
  ASSERT_TRUE(reader.next(event));
  EXPECT_EQ(event, "w");
  ASSERT_TRUE(reader.next(event));
  EXPECT_EQ(event,
            "\x7f"
            "ab");
  EXPECT_TRUE(reader.corrupt());
  EXPECT_FALSE(reader.next(event));
}

TEST(EventFrames, AnEndlessVarintIsCorruptNotAnOverflow) {
  std::string message(frame_marker);
  message += std::string(12, '\xff');
  FrameReader reader(message);
  std::string_view event;
  ASSERT_TRUE(reader.next(event));
  EXPECT_TRUE(reader.corrupt());
  EXPECT_EQ(event.size(), 12u);
}

TEST(StreamPositions, WholeAndPartialPositionsRoundTrip) {
  std::string text;
  format_stream_position({42, 0, true}, text);
  EXPECT_EQ(text, "42");
  format_stream_position({43, 7, false}, text);
  EXPECT_EQ(text, "43:7");
  const auto parsed = parse_stream_position("43:7");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->sequence, 43u);
  EXPECT_EQ(parsed->events_taken, 7u);
  EXPECT_FALSE(parsed->whole);
  EXPECT_EQ(parsed->last_whole(), 42u);
  EXPECT_EQ(parse_stream_position("42")->last_whole(), 42u);
}

TEST(StreamPositions, AnythingElseIsRefused) {
  for (const char* text :
       {"", "0", "1700000000000-7", "4:", ":4", "4:0", "-1", "4:5:6", "99999999999999999999999"}) {
    EXPECT_EQ(parse_stream_position(text), std::nullopt) << text;
  }
}

std::string config_error(const nlohmann::json& config) {
  try {
    read_broker_config(event_engine::ConfigReader(config, "/broker/config"));
  } catch (const event_engine::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(NatsBrokerConfig, BadValuesNameTheirPath) {
  EXPECT_NE(config_error({{"mode", "stream"}}).find("/broker/config/mode"), std::string::npos);
  EXPECT_NE(
      config_error({{"mode", "core"}, {"replicas", 3}}).find("/broker/config/replicas: expected no value"),
      std::string::npos);
  EXPECT_NE(config_error({{"mode", "jetstream"}, {"replicas", 7}}).find("/broker/config/replicas"),
            std::string::npos);
  EXPECT_NE(config_error({{"mode", "jetstream"}, {"partitions", 2}, {"partition", 2}})
                .find("/broker/config/partition"),
            std::string::npos);
  EXPECT_NE(config_error({{"mode", "jetstream"}, {"stream", "a.b"}}).find("/broker/config/stream"),
            std::string::npos);
  EXPECT_NE(config_error({{"servers", ""}}).find("/broker/config/servers"), std::string::npos);
  EXPECT_NE(config_error({{"user_env", "NATS_USER"}}).find("/broker/config/password_env"), std::string::npos);
  EXPECT_NE(config_error({{"tls_cert_file", "c.pem"}}).find("/broker/config/tls_key_file"),
            std::string::npos);
}

TEST(NatsBrokerConfig, ServersSplitOnCommas) {
  const NatsBrokerConfig read = read_broker_config(
      event_engine::ConfigReader(nlohmann::json{{"servers", "nats://a:1, nats://b:2"}}, "/broker/config"));
  EXPECT_EQ(read.connection.servers, (std::vector<std::string>{"nats://a:1", "nats://b:2"}));
}

TEST(NatsBrokerConfig, CredentialKeysAreSecret) {
  for (const auto& key : broker_config_keys) {
    const std::string name = key.name;
    EXPECT_EQ(key.secret, name == "user_env" || name == "password_env" || name == "token_env") << name;
  }
}

}  // namespace
}  // namespace nats_broker
