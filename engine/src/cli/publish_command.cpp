#include <spdlog/spdlog.h>
#include <unistd.h>
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
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

// Draws "[#####.....]  52% 520000/1000000" on stderr, in place.
void draw_progress(std::uint64_t done, std::uint64_t total) {
  constexpr int width = 30;
  const int filled = total == 0 ? width : static_cast<int>(width * done / total);
  std::fprintf(stderr, "\r[%s%s] %3d%% %llu/%llu", std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(),
               total == 0 ? 100 : static_cast<int>(100 * done / total), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
}

std::uint64_t publish_file(Publisher& publisher, const std::string& topic, const std::string& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot read " + file);
  const auto total_bytes = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  const bool show_progress = isatty(STDERR_FILENO) != 0;
  EventBatch batch;
  std::string line;
  std::uint64_t published = 0;
  std::uint64_t bytes_read = 0;
  while (std::getline(in, line)) {
    bytes_read += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    batch.add(line);
    if (batch.size() == events_per_batch) {
      publisher.publish_batch(topic, batch);
      published += batch.size();
      batch.clear();
      if (show_progress) draw_progress(bytes_read, total_bytes);
    }
  }
  if (!batch.empty()) {
    publisher.publish_batch(topic, batch);
    published += batch.size();
  }
  if (show_progress) {
    draw_progress(total_bytes, total_bytes);
    std::fputc('\n', stderr);
  }
  return published;
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
  try {
    const PluginLoader loader(PluginLoader::search_path(config.plugin_dirs));
    MetricsRegistry metrics;
    const PluginContext context{spdlog::default_logger()->clone(config.broker.plugin), &metrics,
                                config.config_dir};
    std::shared_ptr<Broker> broker = loader.create_broker(
        config.broker.plugin, ConfigReader(config.broker.config, config.broker.config_path), context);
    std::unique_ptr<Publisher> publisher = broker->open_publisher();
    std::uint64_t published = 0;
    if (!options.file.empty()) {
      published = publish_file(*publisher, topic, options.file);
    } else {
      EventBatch batch;
      for (const std::string& value : options.values) batch.add(value);
      publisher->publish_batch(topic, batch);
      published = batch.size();
    }
    publisher.reset();  // flushes (within the broker's linger) before the broker goes
    std::printf("published %llu events to topic \"%s\"\n", static_cast<unsigned long long>(published),
                topic.c_str());
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
