// The HTTP front's worker threads, with one broker Publisher per worker thread: a ZeroMQ socket
// (and most client connections) must not be shared between threads, and this way no request
// takes a lock to publish. Requests are queued here only once read whole, so the queue is
// bounded by the connections the front admits. The front keeps two pools: one for ingestion and
// light reads, and one for heavy reads (model queries, plots) whose threads run at the idle
// scheduling priority, so that on a busy machine the pipeline, the I/O thread and ingestion get
// the CPU first and a heavy read only takes what is left.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "event_engine/broker.hpp"

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

  // The calling worker thread's publisher, opened on first use. Throws if the broker cannot open
  // one (the request then fails, not the server) or when called outside the pool without a broker.
  static Publisher& current_publisher();

 private:
  void work();

  Broker* broker_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace event_engine
