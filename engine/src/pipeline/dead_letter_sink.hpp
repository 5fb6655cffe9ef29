// Keeps the events a model rejected: one JSON line each (payload, reason, position, time), so
// nothing is silently dropped and a person can inspect or replay them.
#pragma once

#include <cstdio>
#include <filesystem>

#include "event_engine/event_batch.hpp"
#include "event_engine/model.hpp"

namespace event_engine {

class DeadLetterSink {
 public:
  explicit DeadLetterSink(std::filesystem::path path) : path_(std::move(path)) {}
  ~DeadLetterSink();
  DeadLetterSink(const DeadLetterSink&) = delete;
  DeadLetterSink& operator=(const DeadLetterSink&) = delete;

  // Appends the rejected events of `batch` and flushes. Throws std::runtime_error naming the file
  // when it cannot be written.
  void write(const EventBatch& batch, const RejectedEvents& rejected);

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;  // opened on the first rejection
};

}  // namespace event_engine
