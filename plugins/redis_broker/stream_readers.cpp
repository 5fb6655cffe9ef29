#include "stream_readers.hpp"

#include <algorithm>

namespace redis_broker {

StreamReaders::StreamReaders(const ConnectionSettings& connection, const StreamSettings& settings,
                             std::string stream, std::size_t connections)
    // BLOCK 0 would wait for ever; a wait stays well inside the command timeout.
    : settings_(settings), longest_block_(connection.command_timeout / 2), stream_(std::move(stream)) {
  for (std::size_t i = 0; i < connections; ++i) {
    connections_.push_back(std::make_unique<RedisConnection>(connection));
  }
}

void StreamReaders::send(RedisConnection& connection, std::string_view cursor, std::size_t count,
                         std::chrono::milliseconds block) {
  command_.clear();
  command_.begin(block.count() > 0 ? 11 : 9);
  for (std::string_view argument :
       {std::string_view("XREADGROUP"), std::string_view("GROUP"), std::string_view(settings_.group),
        std::string_view(settings_.consumer), std::string_view("COUNT")}) {
    command_.argument(argument);
  }
  command_.argument(static_cast<std::uint64_t>(count));
  if (block.count() > 0) {
    command_.argument("BLOCK");
    command_.argument(static_cast<std::uint64_t>(block.count()));
  }
  command_.argument("STREAMS");
  command_.argument(stream_);
  command_.argument(cursor);
  connection.send(command_.bytes());
}

void StreamReaders::request(std::string_view cursor, std::size_t count, std::chrono::milliseconds block) {
  const std::size_t share = std::max<std::size_t>(1, settings_.read_count / connections_.size());
  // Only new entries can be spread: pending ones are read in order, one range after another.
  const bool wide = last_round_full_ && cursor == ">" && count >= connections_.size();
  asked_connections_ = wide ? connections_.size() : 1;
  asked_entries_ = std::max<std::size_t>(1, std::min(count, share * asked_connections_));
  for (std::size_t i = 0; i < asked_connections_; ++i) {
    const std::size_t part =
        asked_entries_ / asked_connections_ + (i < asked_entries_ % asked_connections_ ? 1 : 0);
    send(*connections_[i], cursor, part,
         wide ? std::chrono::milliseconds(0) : std::min(block, longest_block_));
  }
}

std::size_t StreamReaders::receive() {
  ranges_.clear();
  current_ = 0;
  std::size_t received = 0;
  const std::size_t asked = asked_connections_;
  asked_connections_ = 0;
  for (std::size_t i = 0; i < asked; ++i) {
    RedisConnection& connection = *connections_[i];
    const Reply reply = connection.receive();
    if (reply.is_error()) throw_reply_error(connection, "XREADGROUP " + stream_, reply);
    // nil: BLOCK ran out. Otherwise [[stream, [[id, [field, value, ...]], ...]]].
    if (reply.type() != ReplyType::array || reply.size() == 0) continue;
    const Reply entries = reply[0][1];
    if (entries.size() == 0) continue;
    received += entries.size();
    const std::optional<StreamId> first = StreamId::parse((*entries.begin())[0].text());
    ranges_.push_back(Range{first.value_or(StreamId{}), entries.begin(), entries.end()});
  }
  std::sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) { return a.first < b.first; });
  last_round_full_ = received == asked_entries_;
  return received;
}

std::optional<Reply> StreamReaders::next() {
  if (!has_unread()) return std::nullopt;
  Range& range = ranges_[current_];
  const Reply entry = *range.next;
  if (++range.next == range.end) ++current_;
  return entry;
}

}  // namespace redis_broker
