// The `redis` store: each checkpoint in one Redis hash, "<key_prefix><key>", replaced atomically;
// optionally also the seed's readable hash of the model's knowledge (seed_key), in the same
// transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint_hash.hpp"
#include "command_buffer.hpp"
#include "connection_settings.hpp"
#include "event_engine/store.hpp"
#include "reachability_probe.hpp"
#include "redis_connection.hpp"
#include "seed_hash.hpp"

namespace redis_broker {

class RedisStore final : public event_engine::Store {
 public:
  // Connects on first use, not here: constructing does no I/O.
  RedisStore(ConnectionSettings settings, std::string key_prefix, SeedHashLayout seed_hash = {});

  // Redis unreachable or not serving yet: event_engine::TransientError; a refusal (AUTH) or a hash
  // that is not a checkpoint: std::runtime_error naming the hash, which is left as it is.
  std::optional<event_engine::Checkpoint> load(std::string_view key) override;
  // MULTI, DEL, HSET of every field, EXEC: a reader sees the old checkpoint or the new one. With a
  // seed_key, and a checkpoint that carries the model's summary, the seed's hash is replaced in the
  // same transaction, so it always describes the state the checkpoint holds.
  void save(std::string_view key, const event_engine::Checkpoint& checkpoint) override;
  bool wants_summary() const noexcept override { return !seed_hash_.key.empty(); }
  // The checkpoint keys K whose hash <key_prefix>K exists and K starts with `prefix`, sorted. SCAN
  // with MATCH and TYPE hash, a page at a time: never KEYS, which blocks Redis for the whole keyspace.
  std::vector<std::string> keys(std::string_view prefix) override;
  // DEL <key_prefix><key>; false when there was no such hash.
  bool remove(std::string_view key) override;
  // Redis answers PING (asked at most once a second).
  bool reachable() const override { return probe_.reachable(); }

  std::string hash_of(std::string_view key) const { return key_prefix_ + std::string(key); }

 private:
  RedisConnection& connection();
  // Queues DEL and HSET of `hash` with `fields` into commands_.
  void add_replace_hash(const std::string& hash, const HashFields& fields);

  const ConnectionSettings settings_;
  const std::string key_prefix_;
  const SeedHashLayout seed_hash_;
  std::unique_ptr<RedisConnection> connection_;
  mutable ReachabilityProbe probe_;
  CommandBuffer commands_;
};

}  // namespace redis_broker
