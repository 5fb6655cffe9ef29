// The Idempotency-Key request header (IETF HTTPAPI draft "The Idempotency-Key HTTP Header Field"):
// a key the client picks for one request and sends again with each retry of it, so that a retry
// after any outcome (an error, a timeout, a lost connection) stores nothing twice.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace event_engine {

inline constexpr std::size_t max_idempotency_key_bytes = 255;

// The key from the header's value: a Structured Field string ("...", as the draft writes it) or a
// bare token; 1 to 255 printable ASCII characters. Otherwise the error to answer with 400.
struct IdempotencyKeyError {
  std::string message;
};
std::variant<std::string_view, IdempotencyKeyError> read_idempotency_key(std::string_view header_value);

// What identifies a request's content for its key: SHA-256 (hex) over the topic and the body, so
// the same key sent with another body or to another topic is told apart (a 422).
std::string request_fingerprint(std::string_view topic, std::string_view body);

}  // namespace event_engine
