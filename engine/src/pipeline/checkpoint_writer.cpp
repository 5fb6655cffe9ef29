#include "pipeline/checkpoint_writer.hpp"

#include <chrono>
#include <exception>
#include <utility>

#include "observability/thread_name.hpp"

namespace event_engine {

CheckpointWriter::CheckpointWriter(Store& store, std::string key, Counter& saved, Counter& failed,
                                   Histogram& save_seconds)
    : store_(store),
      key_(std::move(key)),
      saved_(saved),
      failed_(failed),
      save_seconds_(save_seconds),
      thread_([this] {
        name_this_thread("checkpoint");
        save_offered_checkpoints();
      }) {}

CheckpointWriter::~CheckpointWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool CheckpointWriter::can_take() const {
  std::lock_guard lock(mutex_);
  return !waiting_.has_value();
}

void CheckpointWriter::offer(std::function<Checkpoint()> make, std::string position, std::uint64_t events) {
  {
    std::lock_guard lock(mutex_);
    waiting_.emplace(Offered{std::move(make), std::move(position), events});
  }
  changed_.notify_all();
}

std::vector<CheckpointWriter::Outcome> CheckpointWriter::take_outcomes() {
  std::lock_guard lock(mutex_);
  return std::exchange(outcomes_, {});
}

void CheckpointWriter::wait_until_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !waiting_ && !saving_; });
}

void CheckpointWriter::save_offered_checkpoints() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || waiting_.has_value(); });
    if (!waiting_) return;  // stopping, and nothing left to save
    const Offered offered = std::move(*waiting_);
    waiting_.reset();
    saving_ = true;
    lock.unlock();
    Outcome outcome = save(offered);
    lock.lock();
    outcomes_.push_back(std::move(outcome));
    saving_ = false;
    changed_.notify_all();
  }
}

CheckpointWriter::Outcome CheckpointWriter::save(const Offered& offered) {
  const auto start = std::chrono::steady_clock::now();
  try {
    store_.save(key_, offered.make());
  } catch (const std::exception& error) {
    failed_.add();
    return {offered.position, offered.events, error.what()};
  }
  save_seconds_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  saved_.add();
  return {offered.position, offered.events, std::nullopt};
}

}  // namespace event_engine
