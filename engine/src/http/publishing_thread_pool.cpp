#include "http/publishing_thread_pool.hpp"

#include <pthread.h>
#include <sched.h>

#include <stdexcept>

#include "observability/thread_name.hpp"

namespace event_engine {
namespace {
// The calling thread's pool, and its publisher (opened on first use) with its without-waiting face.
thread_local PublishingThreadPool* thread_pool = nullptr;
thread_local bool thread_is_worker = false;
thread_local std::unique_ptr<Publisher>* thread_publisher = nullptr;
thread_local PublishWithoutWaiting* thread_publisher_without_waiting = nullptr;
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
      thread_is_worker = true;
      const ThreadPublisher publisher(*this);
      work();
    });
  }
}

PublishingThreadPool::~PublishingThreadPool() { shutdown(); }

PublishingThreadPool::ThreadPublisher::ThreadPublisher(PublishingThreadPool& pool) {
  thread_pool = &pool;
  thread_publisher = &publisher_;
}

PublishingThreadPool::ThreadPublisher::~ThreadPublisher() {
  thread_publisher_without_waiting = nullptr;
  thread_publisher = nullptr;
  thread_pool = nullptr;
}

Publisher& PublishingThreadPool::current_publisher() {
  if (thread_pool == nullptr || thread_pool->broker_ == nullptr || thread_publisher == nullptr) {
    throw std::logic_error("no broker to publish to on this thread");
  }
  if (!*thread_publisher) {
    *thread_publisher = thread_pool->broker_->open_publisher();
    thread_publisher_without_waiting = dynamic_cast<PublishWithoutWaiting*>(thread_publisher->get());
    if (thread_is_worker && thread_publisher_without_waiting != nullptr)
      thread_pool->publishers_never_wait_.store(true, std::memory_order_relaxed);
  }
  return **thread_publisher;
}

PublishWithoutWaiting* PublishingThreadPool::current_publisher_without_waiting() {
  const bool opened = thread_publisher != nullptr && *thread_publisher;
  if (!opened && !thread_is_worker && thread_pool != nullptr &&
      !thread_pool->publishers_never_wait_.load(std::memory_order_relaxed))
    return nullptr;
  current_publisher();
  return thread_publisher_without_waiting;
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
