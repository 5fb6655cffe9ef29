#include "pipeline/dead_letter_sink.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace event_engine {

DeadLetterSink::~DeadLetterSink() {
  if (file_ != nullptr) std::fclose(file_);
}

void DeadLetterSink::write(const EventBatch& batch, const RejectedEvents& rejected) {
  if (file_ == nullptr) {
    std::error_code ignored;
    std::filesystem::create_directories(path_.parent_path(), ignored);
    file_ = std::fopen(path_.c_str(), "a");
    if (file_ == nullptr) {
      throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
    }
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const Rejection& rejection : rejected.items()) {
    const nlohmann::json line = {{"payload", std::string(batch[rejection.index])},
                                 {"reason", rejection.reason},
                                 {"batch_last_position", batch.last_position()},
                                 {"unix_ms", now}};
    // Payloads come from outside and may not be UTF-8: replace bad bytes rather than fail.
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
    }
  }
  if (std::fflush(file_) != 0) {
    throw std::runtime_error("dead-letter file " + path_.string() + ": " + std::strerror(errno));
  }
}

}  // namespace event_engine
