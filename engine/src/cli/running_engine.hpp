// The parts of a running engine built from one config (plugins, model host, pipeline, render
// loops, HTTP server), and their reload on SIGHUP: the config file is read and checked again; an
// invalid one is logged and changes nothing; a valid one pauses ingestion, drains and
// checkpoints, rebuilds what changed, resumes and logs what it applied. Sections that only a
// restart can change (http, plugin_dirs, adding or removing process) are reported and kept.
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <memory>
#include <vector>

#include "cli/commands.hpp"
#include "config/pipeline_config.hpp"
#include "decisions/decision_log.hpp"
#include "http/http_server.hpp"
#include "keys/key_removals.hpp"
#include "observability/metrics_registry.hpp"
#include "pipeline/model_host.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/render_loop.hpp"
#include "pipeline/startup_wait.hpp"
#include "plugins/pipeline_assembly.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {

class RunningEngine {
 public:
  // `loader` and `metrics` outlive the engine.
  RunningEngine(PipelineConfig config, PipelinePlugins plugins, const PluginLoader& loader,
                MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger);
  ~RunningEngine();
  RunningEngine(const RunningEngine&) = delete;
  RunningEngine& operator=(const RunningEngine&) = delete;

  // Restores (or, with `reset_state`, resets) the model, starts the render loops and HTTP. While
  // the store or broker is unavailable (TransientError) it waits, serving /healthz, /readyz (503
  // with the reason), /metrics and ingestion from the first failed attempt on, for as long as
  // process.startup_timeout allows (then throws std::runtime_error). Returns false when `stop`
  // was set during the wait.
  bool start(bool reset_state, const std::atomic<bool>& stop);
  // Runs the pipeline (or, without one, waits) until `wake` is set.
  void run_until(const std::atomic<bool>& wake);
  // Reads `options`' config file again and applies it; never throws for a bad config.
  void reload(const ConfigOptions& options);
  // Ingestion closed, the queue drained, a final checkpoint and render.
  void stop();

 private:
  // Builds the model host, pipeline, render loops and HTTP server over `plugins_`, not started.
  void build_pipeline();
  void start_renderers_and_http();
  // While the start waits: the HTTP routes that need no restored model, and /readyz's reason.
  void start_http_while_starting();
  void start_http(HttpServices services);
  // Stops HTTP, checkpoints (having drained the broker first with `drain`), stops the render
  // loops; returns where the pipeline was.
  PipelineProgress pause(bool drain);
  void close_kept_listener();

  const PluginLoader& loader_;
  MetricsRegistry& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  // Declared first, destroyed last: everything below refers to them.
  std::unique_ptr<PipelineConfig> config_;
  PipelinePlugins plugins_;
  std::unique_ptr<ModelHost> model_;
  // Outlives the pipeline, which a reload replaces: HTTP workers may be waiting on it.
  KeyRemovals key_removals_;
  DecisionLog decisions_;
  CheckpointHealth checkpoint_health_;
  std::unique_ptr<Pipeline> pipeline_;
  std::vector<std::unique_ptr<RenderLoop>> renderers_;
  // Only during start(); the HTTP server it builds meanwhile reads its reason.
  std::unique_ptr<StartupWait> startup_wait_;
  std::unique_ptr<HttpServer> http_;
  // A duplicate of the first HTTP server's listening socket, open until stop(): the servers a
  // reload builds listen on it, so a connection made during the pause waits in its backlog for
  // the new server instead of being refused.
  int kept_listener_ = -1;
};

}  // namespace event_engine
