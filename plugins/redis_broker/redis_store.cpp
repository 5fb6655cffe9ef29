#include "redis_store.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "checkpoint_hash.hpp"
#include "event_engine/kill_point.hpp"
#include "event_engine/transient_error.hpp"

namespace redis_broker {
namespace {

// `text` as a SCAN MATCH pattern that matches exactly itself: glob characters escaped.
std::string glob_escaped(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// Keys asked for per SCAN call: a page costs Redis well under a millisecond.
constexpr std::string_view scan_page = "1000";

// What leaves the store: only standard exceptions and the engine's (see redis_publisher.cpp). An
// outage that may pass is a TransientError, which an engine at start waits out.
[[noreturn]] void throw_to_engine(const std::string& doing, const RedisError& error) {
  const std::string message = doing + ": " + error.what();
  if (dynamic_cast<const RedisUnavailable*>(&error) != nullptr) throw event_engine::TransientError(message);
  throw std::runtime_error(message);
}

}  // namespace

RedisStore::RedisStore(ConnectionSettings settings, std::string key_prefix, SeedHashLayout seed_hash)
    : settings_(std::move(settings)),
      key_prefix_(std::move(key_prefix)),
      seed_hash_(std::move(seed_hash)),
      probe_(settings_) {}

RedisConnection& RedisStore::connection() {
  if (connection_ != nullptr && connection_->closed_by_peer()) connection_.reset();
  if (connection_ == nullptr) connection_ = std::make_unique<RedisConnection>(settings_);
  return *connection_;
}

std::optional<event_engine::Checkpoint> RedisStore::load(std::string_view key) {
  const std::string hash = hash_of(key);
  std::map<std::string, std::string, std::less<>> fields;
  try {
    const Reply reply = connection().command({"HGETALL", hash});
    if (reply.is_error()) throw_reply_error(*connection_, "HGETALL " + hash, reply);
    for (auto item = reply.begin(); item != reply.end(); ++item) {
      const Reply name = *item;
      if (++item == reply.end()) break;
      fields.emplace(name.text(), (*item).text());
    }
  } catch (const RedisError& error) {
    connection_.reset();
    throw_to_engine("cannot load checkpoint " + hash, error);
  }
  if (fields.empty()) return std::nullopt;
  try {
    return checkpoint_from_hash(fields);
  } catch (const std::exception& error) {
    throw std::runtime_error("checkpoint hash " + hash + " in Redis at " + settings_.server() +
                             " is corrupt (" + error.what() +
                             "); it was left as it is: repair it, or delete it (DEL) to start afresh");
  }
}

void RedisStore::add_replace_hash(const std::string& hash, const HashFields& fields) {
  commands_.add({"DEL", hash});
  commands_.begin(2 + 2 * fields.size());
  commands_.argument("HSET");
  commands_.argument(hash);
  for (const auto& [name, value] : fields) {
    commands_.argument(name);
    commands_.argument(value);
  }
}

void RedisStore::save(std::string_view key, const event_engine::Checkpoint& checkpoint) {
  const std::string hash = hash_of(key);
  HashFields fields;
  HashFields seed_fields;
  try {
    fields = checkpoint_hash_fields(checkpoint, std::chrono::system_clock::now());
    // A checkpoint without a summary (the copy --reset-state keeps) leaves the seed hash as it is.
    if (wants_summary() && checkpoint.summary.is_object()) {
      seed_fields = seed_hash_values(seed_hash_, checkpoint.summary);
    }
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot save checkpoint " + hash + ": " + error.what());
  }
  commands_.clear();
  commands_.add({"MULTI"});
  add_replace_hash(hash, fields);
  if (!seed_fields.empty()) add_replace_hash(seed_hash_.key, seed_fields);
  const std::size_t before_exec = commands_.bytes().size();
  commands_.add({"EXEC"});
  try {
    RedisConnection& redis = connection();
    // Two writes, one round trip: a test can kill the engine between them (a kill point), where
    // Redis holds the transaction queued and drops it with the connection.
    static event_engine::KillPoint checkpoint_writing("checkpoint_writing");
    redis.send(commands_.bytes().substr(0, before_exec));
    checkpoint_writing.pass([&] {
      return "MULTI and the new " + hash + " (n " + std::to_string(checkpoint.accepted) +
             ") sent, EXEC not: Redis keeps the previous checkpoint";
    });
    redis.send(commands_.bytes().substr(before_exec));
    for (std::size_t reply = 1; reply < commands_.commands(); ++reply) {
      const Reply queued = redis.receive();
      if (queued.is_error()) throw_reply_error(redis, "saving checkpoint " + hash, queued);
    }
    const Reply executed = redis.receive();
    if (executed.type() != ReplyType::array) throw_reply_error(redis, "saving checkpoint " + hash, executed);
    for (const Reply result : executed) {
      if (result.is_error()) throw_reply_error(redis, "saving checkpoint " + hash, result);
    }
  } catch (const RedisError& error) {
    connection_.reset();
    throw_to_engine("cannot save checkpoint " + hash, error);
  }
}

std::vector<std::string> RedisStore::keys(std::string_view prefix) {
  const std::string pattern = glob_escaped(hash_of(prefix)) + "*";
  std::vector<std::string> found;
  std::string cursor = "0";
  try {
    do {
      const Reply reply =
          connection().command({"SCAN", cursor, "MATCH", pattern, "COUNT", scan_page, "TYPE", "hash"});
      if (reply.is_error() || reply.type() != ReplyType::array || reply.size() != 2) {
        throw_reply_error(*connection_, "SCAN for " + pattern, reply);
      }
      cursor = std::string(reply[0].text());
      for (const Reply key : reply[1]) found.emplace_back(key.text().substr(key_prefix_.size()));
    } while (cursor != "0");
  } catch (const RedisError& error) {
    connection_.reset();
    throw_to_engine("cannot list checkpoints " + pattern, error);
  }
  // SCAN may return a key more than once (when the keyspace is rehashed meanwhile).
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

bool RedisStore::remove(std::string_view key) {
  const std::string hash = hash_of(key);
  try {
    const Reply reply = connection().command({"DEL", hash});
    if (reply.type() != ReplyType::integer) throw_reply_error(*connection_, "DEL " + hash, reply);
    return reply.integer() > 0;
  } catch (const RedisError& error) {
    connection_.reset();
    throw_to_engine("cannot remove checkpoint " + hash, error);
  }
}

}  // namespace redis_broker
