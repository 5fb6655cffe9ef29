#include "http/idempotency_key.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace event_engine {
namespace {

bool printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

std::variant<std::string_view, IdempotencyKeyError> read_idempotency_key(std::string_view header_value) {
  std::string_view key = header_value;
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') {
    key = key.substr(1, key.size() - 2);
    // An escape would make the key's bytes differ from what the client wrote; none is needed.
    if (key.find_first_of("\"\\") != std::string_view::npos) {
      return IdempotencyKeyError{"Idempotency-Key: expected a string without quotes or backslashes inside"};
    }
  }
  if (key.empty()) return IdempotencyKeyError{"Idempotency-Key: expected a key, got an empty value"};
  if (key.size() > max_idempotency_key_bytes) {
    return IdempotencyKeyError{"Idempotency-Key: expected at most " +
                               std::to_string(max_idempotency_key_bytes) + " characters, got " +
                               std::to_string(key.size())};
  }
  if (!printable_ascii(key)) {
    return IdempotencyKeyError{"Idempotency-Key: expected printable ASCII characters only"};
  }
  return key;
}

std::string request_fingerprint(std::string_view topic, std::string_view body) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const char separator = '\n';
  const bool done = context != nullptr && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(context, topic.data(), topic.size()) == 1 &&
                    EVP_DigestUpdate(context, &separator, 1) == 1 &&
                    EVP_DigestUpdate(context, body.data(), body.size()) == 1 &&
                    EVP_DigestFinal_ex(context, digest.data(), &length) == 1;
  EVP_MD_CTX_free(context);
  if (!done) throw std::runtime_error("SHA-256 of the request body failed (OpenSSL)");
  static constexpr char hex[] = "0123456789abcdef";
  std::string text(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    text[2 * i] = hex[digest[i] >> 4];
    text[2 * i + 1] = hex[digest[i] & 0xf];
  }
  return text;
}

}  // namespace event_engine
