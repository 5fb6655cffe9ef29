#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/control_signals.hpp"
#include "cli/running_engine.hpp"
#include "config/pipeline_config_loader.hpp"

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

// Runs until SIGINT or SIGTERM; each SIGHUP in between reloads the config.
int serve(const ConfigOptions& options, PipelineConfig config, PipelinePlugins plugins,
          const PluginLoader& loader, MetricsRegistry& metrics, bool reset_state) {
  ControlSignals& signals = install_control_signal_handlers();
  auto logger = spdlog::default_logger();
  const bool ingests = !config.routes.empty();
  const bool processes = config.process.has_value();
  RunningEngine engine(std::move(config), std::move(plugins), loader, metrics, logger);
  if (!engine.start(reset_state, signals.stop)) {
    logger->info("stopped while starting, before any event was processed");
    return exit_ok;
  }
  logger->info("running{}{}; stop with Ctrl-C or SIGTERM, reload the config with SIGHUP",
               ingests ? ", ingesting over HTTP" : "", processes ? ", processing" : "");
  for (;;) {
    // Cleared before the flags are read: a signal that comes after still wakes the loop below.
    signals.wake.store(false);
    if (signals.stop.load()) break;
    if (signals.reload.exchange(false)) engine.reload(options);
    if (signals.stop.load()) break;
    engine.run_until(signals.wake);
  }
  logger->info("stopping: ingestion closed, draining, final checkpoint and render");
  engine.stop();
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
    return serve(options, std::move(config), std::move(plugins), loader, metrics, reset_state);
  } catch (const PluginLoadError& error) {
    spdlog::error("{}", error.what());
    return exit_bad_config;
  } catch (const std::exception& error) {
    spdlog::error("{}", error.what());
    return exit_failure;
  }
}

}  // namespace event_engine
