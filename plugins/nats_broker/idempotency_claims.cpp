#include "idempotency_claims.hpp"

#include <memory>

namespace nats_broker {
namespace {

constexpr std::int64_t nanoseconds_per_millisecond = 1000000;

struct EntryDeleter {
  void operator()(kvEntry* entry) const { kvEntry_Destroy(entry); }
};

// A bucket key holds letters, digits and - _ = / . only: every other byte of the stream's name
// and the client's key is written as =XX, so that distinct keys stay distinct.
void append_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (plain) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('=');
      out.push_back(hex[byte >> 4]);
      out.push_back(hex[byte & 0xf]);
    }
  }
}

}  // namespace

IdempotencyClaims::IdempotencyClaims(const NatsBrokerConfig& config, NatsConnection& connection)
    : config_(config), connection_(connection) {}

IdempotencyClaims::~IdempotencyClaims() {
  if (bucket_ != nullptr) kvStore_Destroy(bucket_);
}

kvStore* IdempotencyClaims::bucket() {
  if (bucket_ != nullptr) return bucket_;
  jsCtx* js = connection_.jetstream();
  natsStatus status = js_KeyValue(&bucket_, js, bucket_name);
  if (status == NATS_NOT_FOUND) {
    kvConfig settings;
    kvConfig_Init(&settings);
    settings.Bucket = bucket_name;
    settings.History = 1;
    settings.Replicas = config_.jetstream.replicas;
    settings.StorageType = js_FileStorage;
    // A claim lives as long as the stream remembers message ids: the retry horizon.
    settings.TTL = config_.jetstream.duplicate_window_ms * nanoseconds_per_millisecond;
    status = js_CreateKeyValue(&bucket_, js, &settings);
    // Created by another publisher meanwhile.
    if (status != NATS_OK) status = js_KeyValue(&bucket_, js, bucket_name);
  }
  if (status != NATS_OK) {
    bucket_ = nullptr;
    throw NatsError(std::string("key-value bucket ") + bucket_name, status);
  }
  return bucket_;
}

IdempotencyClaims::Claim IdempotencyClaims::claim(std::string_view stream, std::string_view key,
                                                  std::string_view fingerprint) {
  bucket_key_.clear();
  append_escaped(bucket_key_, stream);
  bucket_key_.push_back('.');
  append_escaped(bucket_key_, key);
  std::uint64_t revision = 0;
  const natsStatus created = kvStore_Create(&revision, bucket(), bucket_key_.c_str(), fingerprint.data(),
                                            static_cast<int>(fingerprint.size()));
  if (created == NATS_OK) return Claim::first;
  // The key exists (or the create failed): what it holds decides.
  kvEntry* raw = nullptr;
  const natsStatus read = kvStore_Get(&raw, bucket(), bucket_key_.c_str());
  if (read != NATS_OK) {
    throw NatsError("claim of an Idempotency-Key in bucket " + std::string(bucket_name),
                    read == NATS_NOT_FOUND ? created : read);
  }
  const std::unique_ptr<kvEntry, EntryDeleter> entry(raw);
  const std::string_view owner(static_cast<const char*>(kvEntry_Value(raw)),
                               static_cast<std::size_t>(kvEntry_ValueLen(raw)));
  return owner == fingerprint ? Claim::same_body : Claim::other_body;
}

}  // namespace nats_broker
