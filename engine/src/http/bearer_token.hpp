// The optional bearer token of the HTTP front (http.auth.token_env): read once from the
// environment, compared in constant time, never logged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace event_engine {

class BearerToken {
 public:
  // No token: every request is authorised.
  BearerToken() = default;
  explicit BearerToken(std::string token) : token_(std::move(token)) {}

  bool required() const noexcept { return token_.has_value(); }

  // Whether an Authorization header value ("Bearer <token>") carries the token. The comparison
  // takes the same time wherever the first difference is, so timing tells nothing of the token.
  bool authorises(std::string_view authorization) const noexcept;

 private:
  std::optional<std::string> token_;
};

}  // namespace event_engine
