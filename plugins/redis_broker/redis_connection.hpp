// One connection to Redis over hiredis: connects, authenticates and selects the database, then sends
// commands as protocol bytes and reads replies into a ReplyTree (no allocation per reply).
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "command_buffer.hpp"
#include "connection_settings.hpp"
#include "reply_tree.hpp"

struct redisContext;

namespace redis_broker {

// The connection cannot be used any more (refused, closed, timed out, authentication refused...) or a
// command it needed failed. The message names the server, never the password. It never leaves the
// plugin: the plugin's entry points turn it into a std::runtime_error or a state change.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A RedisError that may pass: the server refuses connections, closed one, does not answer within
// the timeout, or says it cannot serve yet (LOADING, BUSY, MASTERDOWN, TRYAGAIN). The store turns it
// into event_engine::TransientError, which an engine at start waits out. Refusals (AUTH, a wrong
// type, an unknown command) stay plain RedisErrors.
class RedisUnavailable : public RedisError {
 public:
  using RedisError::RedisError;
};

class RedisConnection {
 public:
  // Connects, sends AUTH (password from the environment variable named by password_env) and SELECT.
  explicit RedisConnection(const ConnectionSettings& settings);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  const std::string& server() const noexcept { return server_; }

  // Writes every byte of `commands` (protocol bytes, as a CommandBuffer holds them).
  void send(std::string_view commands);

  // The next reply, waiting at most the command timeout. A Reply is valid until the next call of
  // receive() or buffered_reply().
  Reply receive();
  // The next reply if it has arrived whole already; reads nothing from the socket.
  std::optional<Reply> buffered_reply();
  // Waits at most `timeout` for bytes (or the server closing); true if the socket is readable.
  bool wait_readable(std::chrono::milliseconds timeout);
  // Reads what has arrived, once; throws RedisError when the server closed the connection.
  void read_available();

  // True when the server closed this connection while it was idle (or sent bytes nobody asked for):
  // it must not be written to.
  bool closed_by_peer();

  // Sends one command and returns its reply, which may be an error reply.
  Reply command(std::initializer_list<std::string_view> arguments);
  // As command(), but an error reply throws RedisError naming `what`.
  Reply checked_command(std::string_view what, std::initializer_list<std::string_view> arguments);

 private:
  [[noreturn]] void fail(std::string_view doing) const;
  void clear_replies_if_idle() noexcept;

  std::string server_;
  std::chrono::milliseconds command_timeout_;
  redisContext* context_ = nullptr;
  ReplyTree replies_;
  CommandBuffer scratch_;
};

// "Redis at <server>: <what>" for a failed reply.
[[noreturn]] void throw_reply_error(const RedisConnection& connection, std::string_view what,
                                    const Reply& reply);

}  // namespace redis_broker
