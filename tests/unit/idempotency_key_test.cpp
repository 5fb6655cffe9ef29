#include "http/idempotency_key.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

std::string key_or_error(std::string_view header) {
  const auto read = read_idempotency_key(header);
  if (const auto* error = std::get_if<IdempotencyKeyError>(&read)) return "error: " + error->message;
  return std::string(std::get<std::string_view>(read));
}

TEST(IdempotencyKey, ReadsTheDraftsQuotedStringAndABareToken) {
  EXPECT_EQ(key_or_error(R"("8e03978e-40d5-43e8-bc93-6894a57f9324")"),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(key_or_error("order-17"), "order-17");
  EXPECT_EQ(key_or_error("with space/and:colon"), "with space/and:colon");
  EXPECT_EQ(key_or_error(std::string(255, 'k')), std::string(255, 'k'));
}

TEST(IdempotencyKey, RefusesEmptyLongEscapedAndNonAsciiKeysSayingWhat) {
  EXPECT_EQ(key_or_error(""), "error: Idempotency-Key: expected a key, got an empty value");
  EXPECT_EQ(key_or_error(R"("")"), "error: Idempotency-Key: expected a key, got an empty value");
  EXPECT_EQ(key_or_error(std::string(256, 'k')),
            "error: Idempotency-Key: expected at most 255 characters, got 256");
  EXPECT_EQ(key_or_error(R"("a\"b")"),
            "error: Idempotency-Key: expected a string without quotes or backslashes inside");
  EXPECT_EQ(key_or_error("caf\xc3\xa9"), "error: Idempotency-Key: expected printable ASCII characters only");
  EXPECT_EQ(key_or_error("tab\there"), "error: Idempotency-Key: expected printable ASCII characters only");
}

TEST(IdempotencyKey, TheFingerprintIsSha256OfTopicNewlineBody) {
  // python3 -c "import hashlib; print(hashlib.sha256(b'update_model\nw\nl\n').hexdigest())"
  EXPECT_EQ(request_fingerprint("update_model", "w\nl\n"),
            "5d00b1f831ee650c8333ba463a6d7e0f99ac1dd5991c7742e48e73a054a8be60");
  EXPECT_NE(request_fingerprint("update_model", "w\nl\n"), request_fingerprint("other", "w\nl\n"));
  EXPECT_NE(request_fingerprint("update_model", "w\nl\n"), request_fingerprint("update_model", "w\nw\n"));
}

}  // namespace
}  // namespace event_engine
