#include "pipeline/render_loop.hpp"

#include "keys/keyed_reads.hpp"
#include "observability/thread_name.hpp"
#include "pipeline/previous_state.hpp"

namespace event_engine {

RenderLoop::RenderLoop(std::shared_ptr<Visualiser> visualiser, const ModelHost& model,
                       std::shared_ptr<spdlog::logger> logger)
    : visualiser_(std::move(visualiser)), model_(model), logger_(std::move(logger)) {
  thread_ = std::thread([this] {
    name_this_thread("render");
    run();
  });
}

RenderLoop::~RenderLoop() { stop(); }

void RenderLoop::notify() {
  // Between renders the thread waits out the visualiser's interval; waking it then, once per
  // batch, would cost a context switch each time for nothing.
  if (waiting_for_change_.load()) wake_.notify_one();
}

void RenderLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  render_current();
}

void RenderLoop::run() {
  const auto interval = visualiser_->min_interval();
  std::unique_lock lock(mutex_);
  for (;;) {
    // Poll the version now and then too: a notify can land between the check and the wait.
    waiting_for_change_.store(true);
    wake_.wait_for(lock, std::chrono::milliseconds(200),
                   [&] { return stopping_ || !rendered_once_ || model_.version() != rendered_version_; });
    waiting_for_change_.store(false);
    if (stopping_) return;
    if (rendered_once_ && model_.version() == rendered_version_) continue;
    lock.unlock();
    render_current();
    lock.lock();
    // Latest wins: whatever arrives during the pause is drawn once, after it.
    wake_.wait_for(lock, interval, [&] { return stopping_; });
  }
}

void RenderLoop::render_current() {
  // One published state for both, so the version recorded is the one drawn.
  const std::shared_ptr<const PublishedModel> state = model_.published();
  const std::uint64_t version = state->version;
  if (rendered_once_ && version != rendered_version_) state_before_ = std::move(drawn_state_);
  try {
    ModelView view = state_view(*state);
    view.previous_state = state_before_;
    drawn_state_ = state_series(view);
    visualiser_->render(view);
  } catch (const std::exception& error) {
    logger_->error("visualiser failed to render: {}", error.what());
  }
  rendered_version_ = version;
  rendered_once_ = true;
}

}  // namespace event_engine
