// The plain parts of the redis plugin, without a server: stream IDs, protocol bytes, the reply tree
// fed by hiredis's reader, and the checkpoint hash's fields.
#include <gtest/gtest.h>

#include <hiredis/read.h>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "checkpoint_hash.hpp"
#include "command_buffer.hpp"
#include "reply_tree.hpp"
#include "stream_id.hpp"

namespace redis_broker {
namespace {

TEST(StreamId, ParsesBothFormsAndRefusesTheRest) {
  EXPECT_EQ(StreamId::parse("1700000000000-5"), (StreamId{1700000000000, 5}));
  EXPECT_EQ(StreamId::parse("42"), (StreamId{42, 0}));
  for (const char* bad : {"", "-", "1-", "-1", "a-1", "1-b", "1-2-3", "18446744073709551616-0", " 1-2"}) {
    EXPECT_FALSE(StreamId::parse(bad).has_value()) << bad;
  }
}

TEST(StreamId, OrdersAsNumbersNotText) {
  EXPECT_LT(*StreamId::parse("9-0"), *StreamId::parse("10-0"));
  EXPECT_LT(*StreamId::parse("10-9"), *StreamId::parse("10-10"));
  EXPECT_GT(*StreamId::parse("11-0"), *StreamId::parse("10-99"));
}

TEST(StreamId, TextRoundTrips) {
  const StreamId largest{std::numeric_limits<std::uint64_t>::max(),
                         std::numeric_limits<std::uint64_t>::max()};
  EXPECT_EQ(largest.text().view(), "18446744073709551615-18446744073709551615");
  EXPECT_EQ(StreamId::parse(largest.text().view()), largest);
  EXPECT_EQ((StreamId{0, 0}).text().view(), "0-0");
}

TEST(CommandBuffer, WritesArraysOfBulkStrings) {
  CommandBuffer buffer;
  buffer.add({"PUBLISH", "update_model", "w"});
  buffer.begin(2);
  buffer.argument("XACK");
  buffer.argument(std::uint64_t{1234});
  EXPECT_EQ(buffer.bytes(),
            "*3\r\n$7\r\nPUBLISH\r\n$12\r\nupdate_model\r\n$1\r\nw\r\n*2\r\n$4\r\nXACK\r\n$4\r\n1234\r\n");
  EXPECT_EQ(buffer.commands(), 2u);
  buffer.clear();
  buffer.add({""});
  EXPECT_EQ(buffer.bytes(), "*1\r\n$0\r\n\r\n");
}

class ReplyTreeTest : public testing::Test {
 protected:
  ReplyTreeTest() : reader_(redisReaderCreateWithFunctions(ReplyTree::reader_functions()), &redisReaderFree) {
    reader_->privdata = &tree_;
  }

  // The next whole reply among the bytes fed so far.
  std::optional<Reply> next(std::string_view bytes = {}) {
    if (reader_->ridx == -1) tree_.clear();
    if (!bytes.empty()) redisReaderFeed(reader_.get(), bytes.data(), bytes.size());
    void* object = nullptr;
    if (redisReaderGetReply(reader_.get(), &object) != REDIS_OK) throw std::runtime_error(reader_->errstr);
    if (object == nullptr) return std::nullopt;
    return tree_.reply_of(object);
  }

  ReplyTree tree_;
  std::unique_ptr<redisReader, decltype(&redisReaderFree)> reader_;
};

TEST_F(ReplyTreeTest, ScalarsOfEveryType) {
  EXPECT_EQ(next("+OK\r\n")->text(), "OK");
  EXPECT_EQ(next("+OK\r\n")->type(), ReplyType::status);
  const Reply error = *next("-ERR no\r\n");
  EXPECT_TRUE(error.is_error());
  EXPECT_EQ(error.text(), "ERR no");
  EXPECT_EQ(next(":-42\r\n")->integer(), -42);
  EXPECT_TRUE(next("$-1\r\n")->is_nil());
  EXPECT_TRUE(next("*-1\r\n")->is_nil());
  EXPECT_EQ(next("$0\r\n\r\n")->text(), "");
}

TEST_F(ReplyTreeTest, APubSubMessageArrivingInPieces) {
  EXPECT_FALSE(next("*3\r\n$7\r\nmessage\r\n$12\r\nupdate").has_value());
  EXPECT_FALSE(next("_model\r\n$1\r").has_value());
  const Reply message = *next("\nw\r\n");
  ASSERT_EQ(message.type(), ReplyType::array);
  ASSERT_EQ(message.size(), 3u);
  EXPECT_EQ(message[0].text(), "message");
  EXPECT_EQ(message[1].text(), "update_model");
  EXPECT_EQ(message[2].text(), "w");
}

TEST_F(ReplyTreeTest, NestedStreamReadWithADeletedEntry) {
  const Reply streams = *next(
      "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n"
      "*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\ne\r\n$1\r\nw\r\n$1\r\nx\r\n$1\r\ny\r\n"
      "*2\r\n$3\r\n1-2\r\n*-1\r\n");
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0][0].text(), "s");
  const Reply entries = streams[0][1];
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0][0].text(), "1-1");
  const Reply fields = entries[0][1];
  ASSERT_EQ(fields.size(), 4u);
  std::vector<std::string> seen;
  for (const Reply field : fields) seen.emplace_back(field.text());
  EXPECT_EQ(seen, (std::vector<std::string>{"e", "w", "x", "y"}));
  EXPECT_EQ(entries[1][0].text(), "1-2");
  EXPECT_TRUE(entries[1][1].is_nil());
  EXPECT_EQ(entries[0][1][3].describe(), "\"y\"");
}

TEST_F(ReplyTreeTest, ManyRepliesInOneFeedComeOneAtATime) {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += ":" + std::to_string(i) + "\r\n";
  EXPECT_EQ(next(bytes)->integer(), 0);
  for (int i = 1; i < 1000; ++i) ASSERT_EQ(next()->integer(), i);
  EXPECT_FALSE(next().has_value());
}

event_engine::Checkpoint example_checkpoint() {
  return event_engine::Checkpoint{
      {{"model", "binomial_grid"}, {"w", 6}, {"l", 3}, {"log_posterior", {-1.5, nullptr, 0.1}}, {"n", 99}},
      "1700000000000-7",
      9,
      2,
      0};
}

std::map<std::string, std::string, std::less<>> as_map(const HashFields& fields) {
  return std::map<std::string, std::string, std::less<>>(fields.begin(), fields.end());
}

TEST(CheckpointHash, FieldsForPeopleAndTheSnapshotForTheEngine) {
  const auto fields = as_map(checkpoint_hash_fields(example_checkpoint(), std::chrono::system_clock::now()));
  EXPECT_EQ(fields.at("format_version"), "1");
  EXPECT_EQ(fields.at("position"), "1700000000000-7");
  EXPECT_EQ(fields.at("n"), "9") << "n is the count of applied events; a snapshot's own n is not copied";
  EXPECT_EQ(fields.at("rejected"), "2");
  EXPECT_EQ(fields.at("w"), "6");
  EXPECT_EQ(fields.at("l"), "3");
  EXPECT_EQ(fields.at("model"), "binomial_grid");
  EXPECT_EQ(fields.count("log_posterior"), 0u);
  EXPECT_EQ(fields.at("saved_at").size(), 24u);
  EXPECT_EQ(nlohmann::json::parse(fields.at("snapshot")), example_checkpoint().model);
}

TEST(CheckpointHash, RoundTripsExactly) {
  event_engine::Checkpoint checkpoint = example_checkpoint();
  checkpoint.model["log_posterior"] = {0.1 + 0.2, 1e-300, -123456.789012345678};
  const event_engine::Checkpoint read =
      checkpoint_from_hash(as_map(checkpoint_hash_fields(checkpoint, std::chrono::system_clock::now())));
  EXPECT_EQ(read.model, checkpoint.model);
  EXPECT_EQ(read.model["log_posterior"][0].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(read.position, checkpoint.position);
  EXPECT_EQ(read.accepted, 9u);
  EXPECT_EQ(read.rejected, 2u);
}

TEST(CheckpointHash, RefusesANonFiniteSnapshotNamingWhere) {
  event_engine::Checkpoint checkpoint = example_checkpoint();
  checkpoint.model["log_posterior"][1] = std::nan("");
  try {
    checkpoint_hash_fields(checkpoint, std::chrono::system_clock::now());
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/log_posterior/1"), std::string::npos) << error.what();
  }
}

TEST(CheckpointHash, SaysWhatIsWrongWithACorruptHash) {
  const auto good = as_map(checkpoint_hash_fields(example_checkpoint(), std::chrono::system_clock::now()));
  const std::vector<
      std::pair<std::function<void(std::map<std::string, std::string, std::less<>>&)>, std::string>>
      corruptions = {
          {[](auto& f) { f.erase("snapshot"); }, "\"snapshot\" is missing"},
          {[](auto& f) { f["snapshot"] = "{not json"; }, "\"snapshot\" is not JSON"},
          {[](auto& f) { f["n"] = "-3"; }, "\"n\" is not a count"},
          {[](auto& f) { f["rejected"] = "12x"; }, "\"rejected\" is not a count"},
          {[](auto& f) { f["format_version"] = "2"; }, "format_version \"2\""},
          {[](auto& f) { f.erase("position"); }, "\"position\" is missing"},
          // The nesting bound: parsing and copying the snapshot recursed per level and ran out of
          // stack (SIGSEGV) at this depth.
          {[](auto& f) { f["snapshot"] = std::string(100'000, '[') + std::string(100'000, ']'); },
           "\"snapshot\" is nested deeper than 64 levels"},
          // nlohmann refuses 1e400 with out_of_range, which escaped as that rather than as the
          // std::runtime_error naming the field.
          {[](auto& f) { f["snapshot"] = R"({"w": 1, "log_posterior": [0, 1e400]})"; },
           "\"snapshot\" is not JSON: [json.exception.out_of_range.406] number overflow"},
      };
  for (const auto& [corrupt, expected] : corruptions) {
    auto fields = good;
    corrupt(fields);
    try {
      checkpoint_from_hash(fields);
      ADD_FAILURE() << "no exception for " << expected;
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace redis_broker
