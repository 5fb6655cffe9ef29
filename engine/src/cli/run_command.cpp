#include <spdlog/spdlog.h>
#include <optional>
#include <thread>

#include "cli/commands.hpp"
#include "cli/shutdown_signal.hpp"
#include "config/pipeline_config_loader.hpp"
#include "http/http_server.hpp"
#include "observability/metrics_registry.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/render_loop.hpp"
#include "plugins/pipeline_assembly.hpp"

namespace event_engine {
namespace {

void report_config_errors(const std::string& file, const std::vector<std::string>& errors) {
  for (const std::string& error : errors) {
    // Errors of the file itself ("<file>:<line>:<column>: ...") already name it.
    if (error.rfind(file, 0) == 0) {
      spdlog::error("{}", error);
    } else {
      spdlog::error("{}: {}", file, error);
    }
  }
}

std::string not_ready_reason(const Broker& broker, const Store* store) {
  if (!broker.ready()) return "broker not connected";
  if (store != nullptr && !store->reachable()) return "store not reachable";
  return {};
}

int serve(const PipelineConfig& config, PipelinePlugins& plugins, MetricsRegistry& metrics,
          bool reset_state) {
  const std::atomic<bool>& stop_requested = install_shutdown_signal_handlers();
  auto logger = spdlog::default_logger();

  std::optional<ModelHost> model;
  std::optional<Pipeline> pipeline;
  std::vector<std::unique_ptr<RenderLoop>> renderers;
  if (config.process) {
    model.emplace(plugins.model);
    pipeline.emplace(*config.process, *plugins.broker, *model, plugins.store.get(), metrics, logger);
    pipeline->start(reset_state);
    std::vector<RenderLoop*> to_wake;
    for (const auto& visualiser : plugins.visualisers) {
      renderers.push_back(std::make_unique<RenderLoop>(visualiser, *model, logger));
      to_wake.push_back(renderers.back().get());
    }
    pipeline->set_renderers(std::move(to_wake));
  }

  std::optional<HttpServer> http;
  if (config.http) {
    HttpServices services;
    services.ingest_broker = config.routes.empty() ? nullptr : plugins.broker.get();
    services.model = model ? &*model : nullptr;
    services.plotter = plugins.visualisers.empty() ? nullptr : plugins.visualisers.front().get();
    services.metrics = &metrics;
    services.group = plugins.group.get();
    services.not_ready_reason = [&plugins] { return not_ready_reason(*plugins.broker, plugins.store.get()); };
    http.emplace(*config.http, config.routes, std::move(services), logger);
    http->start();
  }

  logger->info("running{}{}; stop with Ctrl-C or SIGTERM",
               config.routes.empty() ? "" : ", ingesting over HTTP", config.process ? ", processing" : "");
  if (pipeline) {
    pipeline->run(stop_requested);
  } else {
    while (!stop_requested.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  logger->info("stopping: ingestion closed, draining, final checkpoint and render");
  if (http) http->stop();
  if (pipeline) pipeline->drain_and_checkpoint();
  for (auto& renderer : renderers) renderer->stop();
  logger->info("stopped");
  return exit_ok;
}

}  // namespace

int run_command(const ConfigOptions& options, bool reset_state) {
  PipelineConfig config;
  try {
    config = load_pipeline_config(options.config_file, options.overrides);
  } catch (const ConfigInvalid& invalid) {
    report_config_errors(options.config_file, invalid.errors());
    return exit_bad_config;
  } catch (const std::exception& error) {
    // Not a config error the checks know of: still a clear line, never an abort.
    spdlog::error("{}: {}", options.config_file, error.what());
    return exit_failure;
  }
  try {
    const PluginLoader loader(PluginLoader::search_path(config.plugin_dirs));
    MetricsRegistry metrics;
    std::vector<std::string> errors;
    PipelinePlugins plugins = create_pipeline_plugins(config, loader, metrics, errors);
    if (!errors.empty()) {
      report_config_errors(options.config_file, errors);
      return exit_bad_config;
    }
    return serve(config, plugins, metrics, reset_state);
  } catch (const PluginLoadError& error) {
    spdlog::error("{}", error.what());
    return exit_bad_config;
  } catch (const std::exception& error) {
    spdlog::error("{}", error.what());
    return exit_failure;
  }
}

}  // namespace event_engine
