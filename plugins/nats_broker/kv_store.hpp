// The `nats_kv` store: each checkpoint is one key of a JetStream key-value bucket (replicated like
// the stream), its value the checkpoint as JSON. Every write is a compare-and-set on the revision
// this store last read or wrote, so two engines saving under one key by mistake are detected (the
// second write fails, naming the key) instead of overwriting each other's checkpoints in turn.
#pragma once

#include <nats/nats.h>
#include <spdlog/logger.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "connection_settings.hpp"
#include "event_engine/store.hpp"
#include "nats_connection.hpp"

namespace nats_broker {

struct KvStoreSettings {
  ConnectionSettings connection;
  std::string bucket = "event-engine";
  int replicas = 1;
  std::string key_prefix = "checkpoint.";
};

class KvStore final : public event_engine::Store {
 public:
  KvStore(KvStoreSettings settings, std::shared_ptr<spdlog::logger> logger);
  ~KvStore() override;

  // NATS unreachable, or the bucket without a leader: event_engine::TransientError; any other
  // failure: std::runtime_error.
  std::optional<event_engine::Checkpoint> load(std::string_view key) override;
  // Throws std::runtime_error when the key changed since this store read or wrote it; as load()
  // otherwise.
  void save(std::string_view key, const event_engine::Checkpoint& checkpoint) override;
  bool reachable() const override;
  std::vector<std::string> keys(std::string_view prefix) override;
  bool remove(std::string_view key) override;

 private:
  // The entry points' work, throwing NatsError, which they turn into the engine's exceptions.
  std::optional<event_engine::Checkpoint> load_entry(std::string_view key);
  void save_entry(std::string_view key, const event_engine::Checkpoint& checkpoint);
  bool remove_entry(std::string_view key);
  // Throws TransientError while no server is connected: a request then fails with the client's
  // "Insufficient Buffer", which says nothing of the cause.
  void require_connection();
  kvStore* bucket();
  // The bucket key of checkpoint `key`; throws for characters a bucket key may not hold.
  std::string bucket_key(std::string_view key) const;

  const KvStoreSettings settings_;
  mutable NatsConnection connection_;
  std::mutex mutex_;
  kvStore* bucket_ = nullptr;
  // The revision of each key as this store last saw it (0: it did not exist).
  std::map<std::string, std::uint64_t, std::less<>> revisions_;
};

}  // namespace nats_broker
