// Keeps the events a model rejected: one JSON line each (payload, reason, position, time), so
// nothing is silently dropped and a person can inspect or replay them. Entries a broker refused
// for their size get a line each too, with their size and first bytes instead of the payload.
#pragma once

#include <cstdio>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>

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
  // Appends the entries of `batch` that its broker refused for their size, and flushes; throws
  // as write() does.
  void write_oversized(const EventBatch& batch);

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  void open_once();
  void append(const nlohmann::json& line);
  void flush();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;  // opened on the first rejection
};

}  // namespace event_engine
