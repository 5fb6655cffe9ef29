#include "pipeline/dead_letter_sink.hpp"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace event_engine {
namespace {

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DeadLetterSink::~DeadLetterSink() {
  if (file_ != nullptr) std::fclose(file_);
}

void DeadLetterSink::open_once() {
  if (file_ != nullptr) return;
  std::error_code ignored;
  std::filesystem::create_directories(path_.parent_path(), ignored);
  file_ = std::fopen(path_.c_str(), "a");
  if (file_ == nullptr) {
    throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
  }
}

void DeadLetterSink::append(const nlohmann::json& line) {
  // Payloads come from outside and may not be UTF-8: replace bad bytes rather than fail.
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
  }
}

void DeadLetterSink::flush() {
  if (std::fflush(file_) != 0) {
    throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
  }
}

void DeadLetterSink::write(const EventBatch& batch, const RejectedEvents& rejected) {
  open_once();
  const auto now = unix_ms_now();
  for (const Rejection& rejection : rejected.items()) {
    append({{"payload", std::string(batch[rejection.index])},
            {"reason", rejection.reason},
            {"batch_last_position", batch.last_position()},
            {"unix_ms", now}});
  }
  flush();
}

void DeadLetterSink::write_oversized(const EventBatch& batch) {
  open_once();
  const auto now = unix_ms_now();
  for (const OversizedEntry& entry : batch.oversized()) {
    append({{"reason", "an entry of " + std::to_string(entry.size) +
                           " bytes, over the broker's max_message_bytes (" + std::to_string(entry.bound) +
                           "); never applied"},
            {"size", entry.size},
            {"first_bytes", entry.first_bytes},
            {"position", entry.position},
            {"batch_last_position", batch.last_position()},
            {"unix_ms", now}});
  }
  flush();
}

}  // namespace event_engine
