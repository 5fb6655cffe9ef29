// The connections that read a stream for one consumer of a group. Each request asks for one share of
// read_count (read_count / connections). A round asks one connection, waiting for new entries at most
// a block time; when entries are waiting in the stream (the last round got all it asked for) it asks
// every connection at once, without waiting. Redis writes at most 64 KB to one client per turn of its
// event loop (NET_MAX_WRITES_PER_EVENT), so while publishers keep it busy, one connection gets about
// 1,400 one-byte entries per turn; several get several times that, and a reply that fits in 64 KB
// leaves in the turn that made it. The replies of a round are disjoint ranges of IDs, handed out in
// ID order.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command_buffer.hpp"
#include "connection_settings.hpp"
#include "redis_broker_config.hpp"
#include "redis_connection.hpp"
#include "stream_id.hpp"

namespace redis_broker {

class StreamReaders {
 public:
  // Connects every connection; throws RedisError.
  StreamReaders(const ConnectionSettings& connection, const StreamSettings& settings, std::string stream,
                std::size_t connections);

  // Sends XREADGROUP for up to `count` entries: new ones (`cursor` ">"), or those after `cursor`
  // already pending for this consumer. `block` applies to a round on one connection.
  void request(std::string_view cursor, std::size_t count, std::chrono::milliseconds block);
  bool in_flight() const noexcept { return asked_connections_ > 0; }
  // Receives every reply of the round in flight. Returns the number of entries they hold.
  std::size_t receive();

  // The next entry not yet handed out, in ID order: [id, [field, value, ...]], or [id, nil] for an
  // entry deleted meanwhile. Valid until the next receive().
  std::optional<Reply> next();
  bool has_unread() const noexcept { return current_ < ranges_.size(); }

 private:
  struct Range {
    StreamId first;
    Reply::Iterator next;
    Reply::Iterator end;
  };

  void send(RedisConnection& connection, std::string_view cursor, std::size_t count,
            std::chrono::milliseconds block);

  const StreamSettings& settings_;
  const std::chrono::milliseconds longest_block_;
  const std::string stream_;
  std::vector<std::unique_ptr<RedisConnection>> connections_;
  CommandBuffer command_;
  std::size_t asked_connections_ = 0;
  std::size_t asked_entries_ = 0;
  bool last_round_full_ = false;
  std::vector<Range> ranges_;
  std::size_t current_ = 0;
};

}  // namespace redis_broker
