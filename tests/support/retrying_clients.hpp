// tests/support/retrying_client.py run as real client processes: clients that send each body until
// it is answered 202, with or without an Idempotency-Key, while a test kills the engine they talk to.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "child_process.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {

struct RetryingClientOptions {
  int port = 0;
  std::int64_t bodies = 0;
  std::int64_t events_per_body = 0;
  std::int64_t first_trial = 0;
  std::string key_prefix;  // empty: no Idempotency-Key
};

class RetryingClient {
 public:
  // Starts the client; its output goes to `output`.
  RetryingClient(const RetryingClientOptions& options, const std::filesystem::path& output);

  // Waits for the client to finish; its final JSON line (with "exit_code" added), or nullopt when
  // it is still running after `timeout`.
  std::optional<nlohmann::json> finish(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace event_engine::testing
