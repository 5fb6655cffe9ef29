#include "kv_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "event_engine/transient_error.hpp"

namespace nats_broker {
namespace {

constexpr std::size_t largest_key = 256;

struct EntryDeleter {
  void operator()(kvEntry* entry) const { kvEntry_Destroy(entry); }
};
using Entry = std::unique_ptr<kvEntry, EntryDeleter>;

bool usable_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '=' || c == '/' || c == '.';
}

// The snapshot's own nesting (binomial_grid's is 2) plus the checkpoint's object around it, with
// room to spare; the file and redis stores allow 64 for the snapshot alone.
constexpr int max_checkpoint_nesting = 65;

event_engine::Checkpoint parse_checkpoint(const std::string& where, std::string_view text) {
  try {
    // A bucket is written by whoever holds its credentials: parsed with a bound on nesting, as the
    // other stores parse their checkpoints, so a hostile value is an error, not a stack overflow.
    const auto refuse_deep_nesting = [&where](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > max_checkpoint_nesting) {
        throw std::runtime_error(where + " is nested deeper than " + std::to_string(max_checkpoint_nesting) +
                                 " levels");
      }
      return true;
    };
    const nlohmann::json stored = nlohmann::json::parse(text, refuse_deep_nesting);
    event_engine::Checkpoint checkpoint;
    checkpoint.model = stored.at("model");
    checkpoint.position = stored.at("position").get<std::string>();
    checkpoint.accepted = stored.at("accepted").get<std::uint64_t>();
    checkpoint.rejected = stored.at("rejected").get<std::uint64_t>();
    return checkpoint;
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(where + " is not a checkpoint: " + error.what());
  }
}

// What leaves the store: only standard exceptions and the engine's, never a NatsError (see
// plugins/redis_broker/redis_publisher.cpp). An outage that may pass is a TransientError, which an
// engine at start waits out.
[[noreturn]] void throw_to_engine(const NatsError& error) {
  if (error.transient()) throw event_engine::TransientError(error.what());
  throw std::runtime_error(error.what());
}

}  // namespace

KvStore::KvStore(KvStoreSettings settings, std::shared_ptr<spdlog::logger> logger)
    : settings_(std::move(settings)),
      connection_(settings_.connection, std::move(logger), "event-engine store") {}

KvStore::~KvStore() {
  if (bucket_ != nullptr) kvStore_Destroy(bucket_);
}

bool KvStore::reachable() const { return connection_.connected(); }

kvStore* KvStore::bucket() {
  if (bucket_ != nullptr) return bucket_;
  jsCtx* js = connection_.jetstream();
  natsStatus status = js_KeyValue(&bucket_, js, settings_.bucket.c_str());
  if (status == NATS_NOT_FOUND) {
    kvConfig config;
    kvConfig_Init(&config);
    config.Bucket = settings_.bucket.c_str();
    config.History = 1;
    config.Replicas = settings_.replicas;
    config.StorageType = js_FileStorage;
    status = js_CreateKeyValue(&bucket_, js, &config);
    if (status != NATS_OK) {
      // Made now, while the client still holds the server's reason (no leader, no peers yet).
      const NatsError not_created("create key-value bucket " + settings_.bucket, status);
      // Created by another engine meanwhile?
      status = js_KeyValue(&bucket_, js, settings_.bucket.c_str());
      if (status == NATS_NOT_FOUND) {
        bucket_ = nullptr;
        throw not_created;
      }
    }
  }
  if (status != NATS_OK) {
    bucket_ = nullptr;
    throw NatsError("key-value bucket " + settings_.bucket, status);
  }
  return bucket_;
}

std::string KvStore::bucket_key(std::string_view key) const {
  std::string full = settings_.key_prefix + std::string(key);
  if (key.empty() || full.size() > largest_key ||
      !std::all_of(full.begin(), full.end(), usable_key_character) || full.front() == '.' ||
      full.back() == '.') {
    throw std::runtime_error(
        "checkpoint key '" + std::string(key.substr(0, 64)) +
        "' cannot be a NATS bucket key (letters, digits, - _ = / . only; at most 256 bytes)");
  }
  return full;
}

std::optional<event_engine::Checkpoint> KvStore::load(std::string_view key) {
  try {
    return load_entry(key);
  } catch (const NatsError& error) {
    throw_to_engine(error);
  }
}

void KvStore::require_connection() {
  if (natsConnection_Status(connection_.connection()) != NATS_CONN_STATUS_CONNECTED) {
    std::string servers;
    for (const std::string& server : settings_.connection.servers)
      servers += (servers.empty() ? "" : ", ") + server;
    throw event_engine::TransientError("nats: not connected to " + servers +
                                       " (the client keeps trying); bucket " + settings_.bucket);
  }
}

std::optional<event_engine::Checkpoint> KvStore::load_entry(std::string_view key) {
  const std::string full = bucket_key(key);
  require_connection();
  std::lock_guard lock(mutex_);
  kvEntry* raw = nullptr;
  const natsStatus status = kvStore_Get(&raw, bucket(), full.c_str());
  if (status == NATS_NOT_FOUND) {
    revisions_[full] = 0;
    return std::nullopt;
  }
  if (status != NATS_OK) throw NatsError("read " + full + " from bucket " + settings_.bucket, status);
  const Entry entry(raw);
  revisions_[full] = kvEntry_Revision(raw);
  event_engine::Checkpoint checkpoint =
      parse_checkpoint("bucket " + settings_.bucket + " key " + full,
                       std::string_view(static_cast<const char*>(kvEntry_Value(raw)),
                                        static_cast<std::size_t>(kvEntry_ValueLen(raw))));
  // The bucket's own time of the write (UTC nanoseconds): a group's view shows each member's age.
  const std::int64_t created_ns = kvEntry_Created(raw);
  if (created_ns > 0) checkpoint.saved_at_unix_ms = static_cast<std::uint64_t>(created_ns / 1'000'000);
  return checkpoint;
}

void KvStore::save(std::string_view key, const event_engine::Checkpoint& checkpoint) {
  try {
    save_entry(key, checkpoint);
  } catch (const NatsError& error) {
    throw_to_engine(error);
  }
}

void KvStore::save_entry(std::string_view key, const event_engine::Checkpoint& checkpoint) {
  const std::string full = bucket_key(key);
  require_connection();
  const std::string value = nlohmann::json{
      {"model", checkpoint.model},
      {"position", checkpoint.position},
      {"accepted", checkpoint.accepted},
      {"rejected",
       checkpoint.rejected}}.dump();
  std::lock_guard lock(mutex_);
  kvStore* kv = bucket();
  // A key-value entry is one message: the server refuses one above its max_payload (1 MiB unless
  // its config raises it, to 64 MiB at most). Said here, with what to do, rather than as the
  // client's "maximum payload exceeded".
  const std::int64_t most = natsConnection_GetMaxPayload(connection_.connection());
  if (most > 0 && value.size() > static_cast<std::uint64_t>(most)) {
    throw std::runtime_error(
        "checkpoint " + full + " is " + std::to_string(value.size()) +
        " bytes, more than the NATS server's " + "max_payload (" + std::to_string(most) +
        " bytes), the most one key-value entry holds; a keyed pipeline's checkpoint takes some 25 bytes a "
        "key: raise max_payload in the server's config (at most 64 MiB), lower process.keys.max_keys, or "
        "keep the checkpoints in the file or redis store");
  }
  auto known = revisions_.find(full);
  if (known == revisions_.end()) {
    // A key this store never read (a copy kept by --reset-state): written over what is there, and
    // compared from then on.
    kvEntry* raw = nullptr;
    const natsStatus status = kvStore_Get(&raw, kv, full.c_str());
    if (status != NATS_OK && status != NATS_NOT_FOUND) throw NatsError("read " + full, status);
    const Entry entry(raw);
    known = revisions_.emplace(full, status == NATS_OK ? kvEntry_Revision(raw) : 0).first;
  }
  std::uint64_t revision = 0;
  const natsStatus status =
      known->second == 0
          ? kvStore_Create(&revision, kv, full.c_str(), value.data(), static_cast<int>(value.size()))
          : kvStore_Update(&revision, kv, full.c_str(), value.data(), static_cast<int>(value.size()),
                           known->second);
  if (status != NATS_OK) {
    // Learn the revision again only by reading (load): until then every save is refused.
    const char* last = nats_GetLastError(nullptr);
    const std::string detail = last != nullptr ? last : natsStatus_GetText(status);
    if (detail.find("wrong last sequence") != std::string::npos ||
        detail.find("key exists") != std::string::npos) {
      throw std::runtime_error("checkpoint " + full + " in bucket " + settings_.bucket +
                               " was written by someone else since revision " +
                               std::to_string(known->second) +
                               " (two engines with one process.checkpoint.key?); not overwritten");
    }
    throw NatsError("write " + full + " to bucket " + settings_.bucket, status);
  }
  known->second = revision;
}

std::vector<std::string> KvStore::keys(std::string_view prefix) {
  std::lock_guard lock(mutex_);
  kvKeysList list{};
  natsStatus status = NATS_OK;
  try {
    status = kvStore_Keys(&list, bucket(), nullptr);
  } catch (const NatsError& error) {
    throw_to_engine(error);
  }
  std::vector<std::string> found;
  if (status == NATS_NOT_FOUND) return found;  // an empty bucket
  if (status != NATS_OK) throw_to_engine(NatsError("list bucket " + settings_.bucket, status));
  for (int i = 0; i < list.Count; ++i) {
    const std::string_view key(list.Keys[i]);
    if (!key.starts_with(settings_.key_prefix)) continue;
    const std::string_view checkpoint = key.substr(settings_.key_prefix.size());
    if (checkpoint.starts_with(prefix)) found.emplace_back(checkpoint);
  }
  kvKeysList_Destroy(&list);
  std::sort(found.begin(), found.end());
  return found;
}

bool KvStore::remove(std::string_view key) {
  try {
    return remove_entry(key);
  } catch (const NatsError& error) {
    throw_to_engine(error);
  }
}

bool KvStore::remove_entry(std::string_view key) {
  const std::string full = bucket_key(key);
  std::lock_guard lock(mutex_);
  kvStore* kv = bucket();
  kvEntry* raw = nullptr;
  const natsStatus found = kvStore_Get(&raw, kv, full.c_str());
  const Entry entry(raw);
  if (found == NATS_NOT_FOUND) return false;
  if (found != NATS_OK) throw NatsError("read " + full, found);
  const natsStatus status = kvStore_Purge(kv, full.c_str(), nullptr);
  if (status != NATS_OK) throw NatsError("remove " + full + " from bucket " + settings_.bucket, status);
  revisions_.erase(full);
  return true;
}

}  // namespace nats_broker
