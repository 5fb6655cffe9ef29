// Runs one visualiser on its own thread: renders the model's latest state at most once per the
// visualiser's interval, skipping states in between, so rendering never slows the pipeline.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "event_engine/visualiser.hpp"
#include "pipeline/model_host.hpp"

namespace event_engine {

class RenderLoop {
 public:
  RenderLoop(std::shared_ptr<Visualiser> visualiser, const ModelHost& model,
             std::shared_ptr<spdlog::logger> logger);
  ~RenderLoop();
  RenderLoop(const RenderLoop&) = delete;
  RenderLoop& operator=(const RenderLoop&) = delete;

  // Wakes the thread: the model may have changed. Cheap; called once per batch.
  void notify();

  // Renders the final state (even if nothing changed since the last render) and joins the thread.
  void stop();

 private:
  void run();
  void render_current();

  std::shared_ptr<Visualiser> visualiser_;
  const ModelHost& model_;
  std::shared_ptr<spdlog::logger> logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> waiting_for_change_{false};
  bool stopping_ = false;
  bool rendered_once_ = false;
  std::uint64_t rendered_version_ = 0;
  // The state series of the last picture drawn, and of the one drawn before it: each picture
  // carries the one before it, so its baseline can show what the update did. A state drawn again
  // (the final render at stop) keeps the picture before it, not itself.
  std::vector<Series> drawn_state_;
  std::vector<Series> state_before_;
  std::thread thread_;
};

}  // namespace event_engine
