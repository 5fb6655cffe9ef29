// Which body first used an Idempotency-Key, kept in a JetStream key-value bucket for the duplicate
// window. The stream's own deduplication (Nats-Msg-Id) keeps a retry from storing a message twice,
// but it compares ids only: the claim is what tells a retry from a key reused for another body.
#pragma once

#include <nats/nats.h>
#include <string>
#include <string_view>

#include "nats_broker_config.hpp"
#include "nats_connection.hpp"

namespace nats_broker {

class IdempotencyClaims {
 public:
  static constexpr const char* bucket_name = "event-engine-idempotency";

  IdempotencyClaims(const NatsBrokerConfig& config, NatsConnection& connection);
  ~IdempotencyClaims();
  IdempotencyClaims(const IdempotencyClaims&) = delete;
  IdempotencyClaims& operator=(const IdempotencyClaims&) = delete;

  enum class Claim { first, same_body, other_body };
  // Claims `key` of `stream` for `fingerprint` unless a claim exists, and says whose it is.
  // Throws NatsError when the bucket cannot be reached.
  Claim claim(std::string_view stream, std::string_view key, std::string_view fingerprint);

 private:
  kvStore* bucket();

  const NatsBrokerConfig& config_;
  NatsConnection& connection_;
  kvStore* bucket_ = nullptr;
  std::string bucket_key_;
};

}  // namespace nats_broker
