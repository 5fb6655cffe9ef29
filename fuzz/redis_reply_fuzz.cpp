// Target 4: the Redis reply reader, stream entry ids and command encoding.
// - Arbitrary RESP bytes go through hiredis's reader into a ReplyTree, as RedisConnection reads
//   them, whole and split in two at every position: every split gives the same replies (or the same
//   protocol error), and the tree agrees with hiredis's own reply objects read from the same bytes.
// - The same bytes, as text, parse as a stream id or not; one that parses prints back to itself.
// - Arguments taken from the bytes, written by CommandBuffer, read back as those arguments.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "command_buffer.hpp"
#include "fuzz_check.hpp"
#include "reply_tree.hpp"
#include "stream_id.hpp"

namespace {

using namespace redis_broker;

struct ReadReplies {
  std::vector<std::string> replies;  // each rendered as below
  bool protocol_error = false;
};

void render_text(std::string& out, char type, std::string_view text) {
  out += type;
  out += std::to_string(text.size()) + ":";
  out += text;
}

std::string rendered(const Reply& reply) {
  std::string out;
  switch (reply.type()) {
    case ReplyType::string:
      render_text(out, '$', reply.text());
      break;
    case ReplyType::status:
      render_text(out, '+', reply.text());
      break;
    case ReplyType::error:
      render_text(out, '-', reply.text());
      break;
    case ReplyType::integer:
      out = ":" + std::to_string(reply.integer());
      break;
    case ReplyType::nil:
      out = "_";
      break;
    case ReplyType::array: {
      out = "*" + std::to_string(reply.size()) + "[";
      std::vector<std::string> elements;
      for (const Reply element : reply) elements.push_back(rendered(element));
      FUZZ_CHECK(elements.size() == reply.size());
      // Indexing walks the elements: checked on the first few only, so the work stays linear.
      for (std::size_t i = 0; i < std::min<std::size_t>(elements.size(), 4); ++i) {
        FUZZ_CHECK(rendered(reply[i]) == elements[i]);
      }
      for (const std::string& element : elements) out += element + ",";
      out += "]";
      break;
    }
  }
  FUZZ_CHECK(!reply.describe().empty() || reply.type() == ReplyType::error ||
             reply.type() == ReplyType::status);
  return out;
}

std::string rendered(const redisReply& reply) {
  std::string out;
  const std::string_view text(reply.str == nullptr ? "" : reply.str, reply.str == nullptr ? 0 : reply.len);
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      render_text(out, '$', text);
      break;
    case REDIS_REPLY_STATUS:
      render_text(out, '+', text);
      break;
    case REDIS_REPLY_ERROR:
      render_text(out, '-', text);
      break;
    case REDIS_REPLY_INTEGER:
      out = ":" + std::to_string(reply.integer);
      break;
    case REDIS_REPLY_NIL:
      out = "_";
      break;
    case REDIS_REPLY_ARRAY:
      out = "*" + std::to_string(reply.elements) + "[";
      for (std::size_t i = 0; i < reply.elements; ++i) out += rendered(*reply.element[i]) + ",";
      out += "]";
      break;
    default:
      out = "?";
  }
  return out;
}

// As RedisConnection does: the tree is cleared only between replies.
void drain_into_tree(redisReader* reader, ReplyTree& tree, ReadReplies& read) {
  while (!read.protocol_error) {
    if (reader->ridx == -1) tree.clear();
    void* object = nullptr;
    if (redisReaderGetReply(reader, &object) != REDIS_OK) {
      read.protocol_error = true;
      return;
    }
    if (object == nullptr) return;
    read.replies.push_back(rendered(tree.reply_of(object)));
  }
}

ReadReplies read_with_tree(std::string_view bytes, std::size_t split) {
  redisReader* reader = redisReaderCreateWithFunctions(ReplyTree::reader_functions());
  FUZZ_CHECK(reader != nullptr);
  ReplyTree tree;
  reader->privdata = &tree;
  reader->maxbuf = 0;
  ReadReplies read;
  for (const std::string_view part : {bytes.substr(0, split), bytes.substr(split)}) {
    if (read.protocol_error) break;
    if (!part.empty()) FUZZ_CHECK(redisReaderFeed(reader, part.data(), part.size()) == REDIS_OK);
    drain_into_tree(reader, tree, read);
  }
  redisReaderFree(reader);
  return read;
}

ReadReplies read_with_hiredis_objects(std::string_view bytes) {
  redisReader* reader = redisReaderCreate();
  FUZZ_CHECK(reader != nullptr);
  if (!bytes.empty()) FUZZ_CHECK(redisReaderFeed(reader, bytes.data(), bytes.size()) == REDIS_OK);
  ReadReplies read;
  for (;;) {
    void* object = nullptr;
    if (redisReaderGetReply(reader, &object) != REDIS_OK) {
      read.protocol_error = true;
      break;
    }
    if (object == nullptr) break;
    read.replies.push_back(rendered(*static_cast<redisReply*>(object)));
    freeReplyObject(object);
  }
  redisReaderFree(reader);
  return read;
}

// hiredis's own reply objects allocate an array's element pointers as soon as its header is read
// (`*400000000` is 3 GB); the ReplyTree allocates per element received. The comparison with them is
// left out for an input that declares more elements than it has bytes.
bool declares_more_elements_than_bytes(std::string_view bytes) {
  for (std::size_t star = bytes.find('*'); star != std::string_view::npos; star = bytes.find('*', star + 1)) {
    std::uint64_t declared = 0;
    const char* digits = bytes.data() + star + 1;
    const auto [end, error] = std::from_chars(digits, bytes.data() + bytes.size(), declared);
    if (end != digits && (error != std::errc() || declared > bytes.size())) return true;
  }
  return false;
}

void check_reader(std::string_view bytes) {
  const ReadReplies whole = read_with_tree(bytes, bytes.size());
  if (!declares_more_elements_than_bytes(bytes)) {
    const ReadReplies reference = read_with_hiredis_objects(bytes);
    FUZZ_CHECK(whole.protocol_error == reference.protocol_error);
    FUZZ_CHECK(whole.replies == reference.replies);
  }
  // Every position for short inputs; 64 spread over longer ones, so the work stays linear.
  const std::size_t step = std::max<std::size_t>(1, bytes.size() / 64);
  for (std::size_t split = 0; split < bytes.size(); split += step) {
    const ReadReplies in_two = read_with_tree(bytes, split);
    FUZZ_CHECK(in_two.protocol_error == whole.protocol_error);
    FUZZ_CHECK(in_two.replies == whole.replies);
  }
}

void check_stream_id(std::string_view text) {
  const std::optional<StreamId> id = StreamId::parse(text);
  if (!id) return;
  const StreamIdText printed = id->text();
  FUZZ_CHECK(StreamId::parse(printed.view()) == id);
  FUZZ_CHECK(printed.view().find('-') != std::string_view::npos);
  // Digits and one dash only, so an id that parsed is never anything else.
  FUZZ_CHECK(text.find_first_not_of("0123456789-") == std::string_view::npos);
}

void check_command_buffer(FuzzedDataProvider& input) {
  std::vector<std::vector<std::string>> commands(input.ConsumeIntegralInRange<std::size_t>(1, 4));
  for (auto& arguments : commands) {
    arguments.resize(input.ConsumeIntegralInRange<std::size_t>(1, 8));
    for (std::string& argument : arguments) argument = input.ConsumeRandomLengthString(64);
  }
  const std::uint64_t number = input.ConsumeIntegral<std::uint64_t>();
  CommandBuffer buffer;
  for (const auto& arguments : commands) {
    buffer.begin(arguments.size() + 1);
    for (const std::string& argument : arguments) buffer.argument(argument);
    buffer.argument(number);
  }
  FUZZ_CHECK(buffer.commands() == commands.size());
  std::vector<std::string> expected;
  for (const auto& arguments : commands) {
    std::string command = "*" + std::to_string(arguments.size() + 1) + "[";
    for (const std::string& argument : arguments)
      command += "$" + std::to_string(argument.size()) + ":" + argument + ",";
    const std::string digits = std::to_string(number);
    command += "$" + std::to_string(digits.size()) + ":" + digits + ",]";
    expected.push_back(command);
  }
  const ReadReplies read = read_with_hiredis_objects(buffer.bytes());
  FUZZ_CHECK(!read.protocol_error);
  FUZZ_CHECK(read.replies == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check_reader(bytes);
  check_stream_id(bytes);
  FuzzedDataProvider input(data, size);
  check_command_buffer(input);
  return 0;
}
