#include "redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/socket.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace redis_broker {
namespace {

timeval timeval_of(std::chrono::milliseconds duration) {
  return timeval{static_cast<time_t>(duration.count() / 1000),
                 static_cast<suseconds_t>((duration.count() % 1000) * 1000)};
}

// Error replies of a server that cannot serve for now (loading its data, running a long script,
// a replica without its master, a cluster resharding) rather than refusing the command.
bool says_not_yet(std::string_view error) {
  for (const std::string_view code : {"LOADING ", "BUSY ", "MASTERDOWN ", "TRYAGAIN ", "CLUSTERDOWN "}) {
    if (error.starts_with(code)) return true;
  }
  return false;
}

}  // namespace

RedisConnection::RedisConnection(const ConnectionSettings& settings)
    : server_(settings.server()), command_timeout_(settings.command_timeout) {
  const timeval connect_timeout = timeval_of(settings.connect_timeout);
  context_ = settings.unix_socket.empty()
                 ? redisConnectWithTimeout(settings.host.c_str(), settings.port, connect_timeout)
                 : redisConnectUnixWithTimeout(settings.unix_socket.c_str(), connect_timeout);
  if (context_ == nullptr) throw RedisError("Redis at " + server_ + ": cannot allocate a connection");
  if (context_->err != 0) {
    const std::string reason = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw RedisUnavailable("Redis at " + server_ + ": cannot connect: " + reason);
  }
  redisSetTimeout(context_, timeval_of(settings.command_timeout));
  if (settings.unix_socket.empty()) redisEnableKeepAlive(context_);
  redisReaderFree(context_->reader);
  context_->reader = redisReaderCreateWithFunctions(ReplyTree::reader_functions());
  if (context_->reader == nullptr) {
    redisFree(context_);
    context_ = nullptr;
    throw RedisError("Redis at " + server_ + ": cannot allocate a reply reader");
  }
  context_->reader->privdata = &replies_;
  // hiredis frees an emptied read buffer above this size and allocates it again on the next read.
  context_->reader->maxbuf = 0;

  try {
    if (!settings.password_env.empty()) {
      const char* password = std::getenv(settings.password_env.c_str());
      if (password == nullptr) {
        throw RedisError("Redis at " + server_ + ": the environment variable " + settings.password_env +
                         " (password_env) is not set");
      }
      const Reply reply = settings.username.empty() ? command({"AUTH", password})
                                                    : command({"AUTH", settings.username, password});
      if (reply.is_error()) throw_reply_error(*this, "AUTH refused", reply);
    }
    if (settings.db != 0) checked_command("SELECT", {"SELECT", std::to_string(settings.db)});
  } catch (...) {
    redisFree(context_);
    throw;
  }
}

RedisConnection::~RedisConnection() {
  if (context_ != nullptr) redisFree(context_);
}

void RedisConnection::fail(std::string_view doing) const {
  const int error_number = errno;
  std::string reason = context_->errstr;
  if (context_->err == REDIS_ERR_IO && (error_number == EAGAIN || error_number == EWOULDBLOCK)) {
    reason = "no reply within " + std::to_string(command_timeout_.count()) + " ms (command_timeout_ms)";
  }
  throw RedisUnavailable("Redis at " + server_ + ": " + std::string(doing) + ": " + reason);
}

void RedisConnection::send(std::string_view commands) {
  while (!commands.empty()) {
    const ssize_t sent = ::send(context_->fd, commands.data(), commands.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      const std::string reason = errno == EAGAIN || errno == EWOULDBLOCK
                                     ? "Redis does not read (send timed out)"
                                     : std::string(std::strerror(errno));
      throw RedisUnavailable("Redis at " + server_ + ": cannot send: " + reason);
    }
    commands.remove_prefix(static_cast<std::size_t>(sent));
  }
}

void RedisConnection::clear_replies_if_idle() noexcept {
  // A reply that arrived in part already has nodes in the tree: keep them until it is whole.
  if (context_->reader->ridx == -1) replies_.clear();
}

std::optional<Reply> RedisConnection::buffered_reply() {
  clear_replies_if_idle();
  void* object = nullptr;
  if (redisGetReplyFromReader(context_, &object) != REDIS_OK) fail("unreadable reply");
  if (object == nullptr) return std::nullopt;
  return replies_.reply_of(object);
}

Reply RedisConnection::receive() {
  for (;;) {
    if (std::optional<Reply> reply = buffered_reply()) return *reply;
    read_available();
  }
}

void RedisConnection::read_available() {
  if (redisBufferRead(context_) != REDIS_OK) fail("connection lost");
}

bool RedisConnection::wait_readable(std::chrono::milliseconds timeout) {
  pollfd descriptor{context_->fd, POLLIN, 0};
  const int ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
  // EINTR (a signal) counts as nothing to read: the caller comes back.
  return ready > 0;
}

bool RedisConnection::closed_by_peer() {
  pollfd descriptor{context_->fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&descriptor, 1, 0) > 0;
}

Reply RedisConnection::command(std::initializer_list<std::string_view> arguments) {
  scratch_.clear();
  scratch_.add(arguments);
  send(scratch_.bytes());
  return receive();
}

Reply RedisConnection::checked_command(std::string_view what,
                                       std::initializer_list<std::string_view> arguments) {
  const Reply reply = command(arguments);
  if (reply.is_error()) throw_reply_error(*this, what, reply);
  return reply;
}

void throw_reply_error(const RedisConnection& connection, std::string_view what, const Reply& reply) {
  std::string message =
      "Redis at " + connection.server() + ": " + std::string(what) + ": " + reply.describe();
  if (reply.is_error() && says_not_yet(reply.text())) throw RedisUnavailable(std::move(message));
  throw RedisError(std::move(message));
}

}  // namespace redis_broker
