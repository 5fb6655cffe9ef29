// The HTTP front's worker threads, with one broker Publisher per worker thread: a ZeroMQ socket
// (and most client connections) must not be shared between threads, and this way no request
// takes a lock to publish. Requests are queued here only once read whole, so the queue is
// bounded by the connections the front admits. The front keeps two pools: one for ingestion and
// light reads, and one for heavy reads (model queries, plots) whose threads run at the idle
// scheduling priority, so that on a busy machine the pipeline, the I/O thread and ingestion get
// the CPU first and a heavy read only takes what is left.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "event_engine/broker.hpp"
#include "event_engine/publish_without_waiting.hpp"

namespace event_engine {

class PublishingThreadPool {
 public:
  struct Threads {
    std::size_t count;
    const char* name;  // for top -H and debuggers (15 characters at most)
    // SCHED_IDLE: a thread the kernel preempts at once whenever any other thread of the machine
    // wants the CPU (a nice value alone lets it finish its time slice first, which on two busy
    // cores added milliseconds to every hop of a request). It still runs when a core is free.
    bool idle_priority = false;
  };
  // `broker` may be null (a process that serves no ingestion routes, or the heavy-read pool).
  PublishingThreadPool(Threads threads, Broker* broker);
  ~PublishingThreadPool();
  PublishingThreadPool(const PublishingThreadPool&) = delete;
  PublishingThreadPool& operator=(const PublishingThreadPool&) = delete;

  void enqueue(std::function<void()> task);
  // Runs what is queued, then joins the workers.
  void shutdown();

  // Gives the calling thread its own publisher of the pool's broker until it ends, as each worker
  // has: the front's I/O thread, which publishes what it can without waiting.
  class ThreadPublisher {
   public:
    explicit ThreadPublisher(PublishingThreadPool& pool);
    ~ThreadPublisher();
    ThreadPublisher(const ThreadPublisher&) = delete;
    ThreadPublisher& operator=(const ThreadPublisher&) = delete;

   private:
    std::unique_ptr<Publisher> publisher_;
  };

  // The calling thread's publisher (a worker's, or a ThreadPublisher's), opened on first use.
  // Throws if the broker cannot open one (the request then fails, not the server) or when called
  // on a thread without one, or without a broker.
  static Publisher& current_publisher();
  // current_publisher() if it can publish without waiting (PublishWithoutWaiting), or null. Off the
  // pool, none is opened before a worker's has shown that the broker's publishers can: opening a
  // publisher of another broker may wait on the network. Throws as current_publisher() does.
  static PublishWithoutWaiting* current_publisher_without_waiting();

 private:
  void work();

  Broker* broker_;
  // Set once a worker has opened a publisher that can publish without waiting.
  std::atomic<bool> publishers_never_wait_{false};
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace event_engine
