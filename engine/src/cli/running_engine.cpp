#include "cli/running_engine.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "config/pipeline_config_loader.hpp"

namespace event_engine {
namespace {

// `checkpoints` is null without a process (nothing is checkpointed).
std::string not_ready_reason(const Broker& broker, const Store* store, const CheckpointHealth* checkpoints,
                             std::chrono::milliseconds failing_bound) {
  if (!broker.ready()) return "broker not connected";
  if (store != nullptr && !store->reachable()) return "store not reachable";
  if (checkpoints != nullptr) return checkpoints->not_ready_reason(failing_bound);
  return {};
}

std::string listed(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// The pipeline settings that a new Pipeline object picks up (it is rebuilt on every reload).
bool same_settings(const ProcessConfig& a, const ProcessConfig& b) {
  return a.checkpoint.every_events == b.checkpoint.every_events &&
         a.checkpoint.every_ms == b.checkpoint.every_ms &&
         a.checkpoint.not_ready_after_failing_ms == b.checkpoint.not_ready_after_failing_ms &&
         a.dead_letter_path == b.dead_letter_path && a.max_batch == b.max_batch && a.linger == b.linger;
}

// What a reload changes and keeps, worked out from the running and the new config.
struct ReloadPlan {
  std::vector<std::string> changed;        // applied, for the log
  std::vector<std::string> needs_restart;  // left as it was, for the log
  PluginsToKeep keep;
  bool same_broker_plugin = true;
};

// Compares the configs; sections only a restart can change are copied from `running` into `next`.
ReloadPlan plan_reload(const PipelineConfig& running, PipelineConfig& next) {
  ReloadPlan plan;
  if (next.plugin_dirs != running.plugin_dirs) {
    plan.needs_restart.push_back("plugin_dirs");
    next.plugin_dirs = running.plugin_dirs;
  }
  if (next.http != running.http) {
    plan.needs_restart.push_back("http (listen, limits, auth: the server keeps its socket)");
    next.http = running.http;
  }
  if (next.process.has_value() != running.process.has_value()) {
    plan.needs_restart.push_back(running.process ? "process (removed)" : "process (added)");
    next.process = running.process;
  }
  if (!running.http && !next.routes.empty()) {
    plan.needs_restart.push_back("ingest (needs an http section, which only a restart adds)");
    next.routes = running.routes;
  }
  if (next.routes != running.routes) plan.changed.push_back("ingest.routes");

  const ProcessConfig* was = running.process ? &*running.process : nullptr;
  const ProcessConfig* will = next.process ? &*next.process : nullptr;
  const bool same_topics = was == nullptr || will->topics == was->topics;
  // A broker derives names from the checkpoint key (a stream consumer's): a new key, a new broker.
  const bool same_key = was == nullptr || will->checkpoint.key == was->checkpoint.key;
  plan.keep.broker = next.broker == running.broker && same_topics && same_key;
  plan.same_broker_plugin = next.broker.plugin == running.broker.plugin;
  if (next.broker != running.broker) plan.changed.push_back("broker");
  if (!same_topics) plan.changed.push_back("process.topics");
  if (!same_key) plan.changed.push_back("process.checkpoint.key");
  if (was != nullptr) {
    plan.keep.model = will->model == was->model;
    plan.keep.store = will->store == was->store;
    plan.keep.visualisers = will->visualisers == was->visualisers;
    if (!plan.keep.model) plan.changed.push_back("process.model");
    if (!plan.keep.store) plan.changed.push_back("process.store");
    if (!plan.keep.visualisers) plan.changed.push_back("process.visualisers");
    if (will->group != was->group) plan.changed.push_back("process.group");
    if (!same_settings(*was, *will)) {
      plan.changed.push_back("process settings (checkpoint, dead_letter, max_batch, linger_ms)");
    }
  }
  return plan;
}

}  // namespace

RunningEngine::RunningEngine(PipelineConfig config, PipelinePlugins plugins, const PluginLoader& loader,
                             MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger)
    : loader_(loader),
      metrics_(metrics),
      logger_(std::move(logger)),
      config_(std::make_unique<PipelineConfig>(std::move(config))),
      plugins_(std::move(plugins)) {}

RunningEngine::~RunningEngine() {
  // HTTP first: its handlers use the pipeline's broker and model.
  http_.reset();
  close_kept_listener();
  renderers_.clear();
  pipeline_.reset();
}

void RunningEngine::build_pipeline() {
  if (!config_->process) return;
  if (!model_) model_ = std::make_unique<ModelHost>(plugins_.model);
  pipeline_ = std::make_unique<Pipeline>(*config_->process, *plugins_.broker, *model_, plugins_.store.get(),
                                         metrics_, logger_, &key_removals_, &decisions_, &checkpoint_health_);
}

void RunningEngine::start_renderers_and_http() {
  if (pipeline_) {
    std::vector<RenderLoop*> to_wake;
    for (const auto& visualiser : plugins_.visualisers) {
      renderers_.push_back(std::make_unique<RenderLoop>(visualiser, *model_, logger_));
      to_wake.push_back(renderers_.back().get());
    }
    pipeline_->set_renderers(std::move(to_wake));
  }
  if (config_->http) {
    HttpServices services;
    services.ingest_broker = config_->routes.empty() ? nullptr : plugins_.broker.get();
    services.ingest_broker_name = config_->broker.plugin;
    services.model = model_.get();
    services.plotter = plugins_.visualisers.empty() ? nullptr : plugins_.visualisers.front().get();
    services.metrics = &metrics_;
    services.group = plugins_.group.get();
    services.key_removals = pipeline_ ? &key_removals_ : nullptr;
    services.decisions = pipeline_ && config_->process->decisions ? &decisions_ : nullptr;
    if (config_->process) services.experiments = config_->process->experiments;
    const CheckpointHealth* checkpoints = pipeline_ && plugins_.store ? &checkpoint_health_ : nullptr;
    const std::chrono::milliseconds failing_bound =
        config_->process ? config_->process->checkpoint.not_ready_after_failing_ms
                         : std::chrono::milliseconds(0);
    services.not_ready_reason = [broker = plugins_.broker.get(), store = plugins_.store.get(), checkpoints,
                                 failing_bound] {
      return not_ready_reason(*broker, store, checkpoints, failing_bound);
    };
    start_http(std::move(services));
  }
}

void RunningEngine::start_http_while_starting() {
  if (!config_->http) return;
  HttpServices services;
  services.ingest_broker = config_->routes.empty() ? nullptr : plugins_.broker.get();
  services.metrics = &metrics_;
  services.starting = true;
  services.not_ready_reason = [wait = startup_wait_.get()] { return wait->reason(); };
  start_http(std::move(services));
}

void RunningEngine::start_http(HttpServices services) {
  http_ = std::make_unique<HttpServer>(*config_->http, config_->routes, std::move(services), logger_);
  http_->start(kept_listener_);
  if (kept_listener_ < 0) kept_listener_ = ::fcntl(http_->listening_socket(), F_DUPFD_CLOEXEC, 0);
}

bool RunningEngine::start(bool reset_state, const std::atomic<bool>& stop) {
  build_pipeline();
  if (pipeline_) {
    // HTTP comes up only if the start has to wait: otherwise /healthz answering means restored.
    startup_wait_ = std::make_unique<StartupWait>(config_->process->startup_timeout, stop, logger_,
                                                  [this] { start_http_while_starting(); });
    const bool started = startup_wait_->run("the store", [&] { pipeline_->restore(reset_state); }) &&
                         startup_wait_->run("the broker", [&] { pipeline_->subscribe(); });
    if (!started) return false;
    // The server that answered while waiting goes; the full one listens on the same socket, so a
    // connection made in between waits in its backlog.
    if (http_) http_->stop();
    http_.reset();
    startup_wait_.reset();
  }
  start_renderers_and_http();
  return true;
}

void RunningEngine::run_until(const std::atomic<bool>& wake) {
  if (pipeline_) {
    pipeline_->run(wake);
  } else {
    while (!wake.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

PipelineProgress RunningEngine::pause(bool drain) {
  if (http_) http_->stop();
  PipelineProgress progress;
  if (pipeline_) {
    if (drain) {
      pipeline_->drain_and_checkpoint();
    } else {
      pipeline_->checkpoint_applied();
    }
    progress = pipeline_->progress();
  }
  for (auto& renderer : renderers_) renderer->stop();
  return progress;
}

void RunningEngine::stop() {
  pause(true);
  close_kept_listener();
}

void RunningEngine::close_kept_listener() {
  if (kept_listener_ >= 0) ::close(kept_listener_);
  kept_listener_ = -1;
}

void RunningEngine::reload(const ConfigOptions& options) {
  logger_->info("reload: reading {} again (SIGHUP)", options.config_file);
  std::vector<std::string> errors;
  std::optional<PipelineConfig> loaded = load_pipeline_config(options.config_file, options.overrides, errors);
  if (!errors.empty()) {
    for (const std::string& error : errors) {
      logger_->error("reload: {}{}",
                     error.rfind(options.config_file, 0) == 0 ? "" : options.config_file + ": ", error);
    }
    logger_->error("reload refused: {} error(s) in the config; still running the previous config unchanged",
                   errors.size());
    return;
  }
  PipelineConfig next = std::move(*loaded);
  const ReloadPlan plan = plan_reload(*config_, next);
  for (const std::string& section : plan.needs_restart) {
    logger_->warn("reload: {} changed; that applies only at a restart, and is left as it was", section);
  }
  if (plan.changed.empty()) {
    logger_->info("reload: nothing else changed; the pipeline runs on untouched");
    return;
  }

  // Everything that can be refused is tried before ingestion pauses: the new plugins, and the
  // running model's state in the new model.
  PipelinePlugins fresh = create_pipeline_plugins(next, loader_, metrics_, errors, plugins_, plan.keep);
  if (errors.empty() && !plan.keep.model && model_) {
    try {
      fresh.model->restore(model_->snapshot());
    } catch (const std::exception& error) {
      errors.push_back("the model's new config does not fit its current state: " + std::string(error.what()) +
                       " (restart with --reset-state to start the new model from its prior)");
    }
  }
  if (!errors.empty()) {
    for (const std::string& error : errors) logger_->error("reload: {}", error);
    logger_->error("reload refused; still running the previous config unchanged");
    return;
  }

  logger_->info("reload: pausing ingestion to apply {}", listed(plan.changed));
  // What a kept broker holds, it still holds after the reload, and a durable one replaced keeps
  // it for the new one (which subscribes from the checkpoint): only a transient broker replaced
  // is drained. Draining a stream that producers keep filling would never end.
  const bool drain = !plan.keep.broker && !plugins_.broker->capabilities().durable;
  const PipelineProgress progress = pause(drain);
  const nlohmann::json state = model_ ? model_->snapshot() : nlohmann::json();
  // The old parts go before the plugins they use (a replaced broker unbinds its endpoints here).
  http_.reset();
  renderers_.clear();
  pipeline_.reset();
  if (!plan.keep.model) model_.reset();
  plugins_ = std::move(fresh);
  *config_ = std::move(next);

  build_pipeline();
  if (pipeline_) {
    if (!plan.keep.model) model_->restore(state);
    pipeline_->resume(progress, !plan.keep.broker, plan.same_broker_plugin);
  }
  start_renderers_and_http();
  logger_->info("reload: applied {}; {} events applied so far, resumed", listed(plan.changed),
                progress.accepted);
}

}  // namespace event_engine
