#include <spdlog/spdlog.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/publish_progress.hpp"
#include "config/pipeline_config_loader.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {
namespace {

constexpr std::size_t events_per_batch = 10000;

std::string default_topic(const PipelineConfig& config) {
  if (!config.routes.empty()) return config.routes.front().topic;
  if (config.process) return config.process->topics.front();
  return {};
}

struct Published {
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
};

Published publish_file(Publisher& publisher, const std::string& topic, const std::string& file,
                       PublishProgress& progress) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  EventBatch batch;
  std::string line;
  Published published;
  while (std::getline(in, line)) {
    published.bytes += line.size() + (in.eof() ? 0 : 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    batch.add(line);
    if (batch.size() == events_per_batch) {
      publisher.publish_batch(topic, batch);
      published.events += batch.size();
      batch.clear();
      progress.update(published.events, published.bytes);
    }
  }
  if (!batch.empty()) {
    publisher.publish_batch(topic, batch);
    published.events += batch.size();
  }
  return published;
}

std::uint64_t file_size_or_zero(const std::string& file) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  return error ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

int publish_command(const PublishOptions& options) {
  PipelineConfig config;
  try {
    config = load_pipeline_config(options.config.config_file, options.config.overrides);
  } catch (const ConfigInvalid& invalid) {
    for (const std::string& error : invalid.errors())
      spdlog::error("{}: {}", options.config.config_file, error);
    return exit_bad_config;
  }
  const std::string topic = options.topic.empty() ? default_topic(config) : options.topic;
  if (options.values.empty() == options.file.empty()) {
    spdlog::error("give the events to publish either as values or with --file, not both");
    return exit_bad_config;
  }
  std::optional<PluginLoader> found_plugins;
  try {
    found_plugins.emplace(PluginLoader::search_path(config.plugin_dirs));
  } catch (const PluginLoadError& error) {
    spdlog::error("{}", error.what());
    return exit_bad_config;
  }
  // The loader outlives the handlers below: an exception the broker plugin throws is destroyed by
  // code in its library, which must still be loaded then.
  const PluginLoader& loader = *found_plugins;
  try {
    MetricsRegistry metrics;
    const PluginContext context{spdlog::default_logger()->clone(config.broker.plugin), &metrics,
                                config.config_dir, std::string()};
    std::shared_ptr<Broker> broker = loader.create_broker(
        config.broker.plugin, ConfigReader(config.broker.config, config.broker.config_path), context);
    std::unique_ptr<Publisher> publisher = broker->open_publisher();
    // The bar only on a terminal: piped or logged output gets the final line alone.
    PublishProgress progress(options.file.empty() ? 0 : file_size_or_zero(options.file),
                             !options.file.empty() && isatty(STDERR_FILENO) != 0);
    Published published;
    if (!options.file.empty()) {
      published = publish_file(*publisher, topic, options.file, progress);
    } else {
      EventBatch batch;
      for (const std::string& value : options.values) batch.add(value);
      publisher->publish_batch(topic, batch);
      published = {batch.size(), batch.bytes().size()};
    }
    publisher.reset();  // flushes (within the broker's linger) before the broker goes
    std::printf("%s\n", progress.finish(published.events, published.bytes, topic).c_str());
    return exit_ok;
  } catch (const ConfigError& error) {
    spdlog::error("{}: {}", options.config.config_file, error.what());
    return exit_bad_config;
  } catch (const PluginLoadError& error) {
    spdlog::error("{}", error.what());
    return exit_bad_config;
  } catch (const std::exception& error) {
    spdlog::error("publish failed: {}", error.what());
    return exit_failure;
  }
}

}  // namespace event_engine
