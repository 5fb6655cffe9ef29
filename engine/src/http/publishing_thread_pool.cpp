#include "http/publishing_thread_pool.hpp"

#include <pthread.h>
#include <sched.h>

#include <stdexcept>

#include "observability/thread_name.hpp"

namespace event_engine {
namespace {
thread_local Broker* worker_broker = nullptr;
thread_local std::unique_ptr<Publisher>* worker_publisher = nullptr;
}  // namespace

PublishingThreadPool::PublishingThreadPool(Threads threads, Broker* broker) : broker_(broker) {
  for (std::size_t i = 0; i < threads.count; ++i) {
    workers_.emplace_back([this, threads] {
      // Lowering one's own priority needs no privilege; if a sandbox refuses it, the pool only
      // loses its lower priority, so the result is not checked. Done before the name, so a thread
      // that carries the pool's name already runs at its priority.
      if (threads.idle_priority) {
        const sched_param idle{};
        (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
      }
      name_this_thread(threads.name);
      std::unique_ptr<Publisher> publisher;
      worker_broker = broker_;
      worker_publisher = &publisher;
      work();
      worker_publisher = nullptr;
    });
  }
}

PublishingThreadPool::~PublishingThreadPool() { shutdown(); }

Publisher& PublishingThreadPool::current_publisher() {
  if (worker_broker == nullptr || worker_publisher == nullptr) {
    throw std::logic_error("no broker to publish to on this thread");
  }
  if (!*worker_publisher) *worker_publisher = worker_broker->open_publisher();
  return **worker_publisher;
}
void PublishingThreadPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void PublishingThreadPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ && workers_.empty()) return;
    shutting_down_ = true;
  }
  ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

void PublishingThreadPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return shutting_down_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // shutting down with nothing left to do
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace event_engine
