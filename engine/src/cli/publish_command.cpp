#include <spdlog/spdlog.h>
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/file_lines.hpp"
#include "cli/publish_progress.hpp"
#include "config/pipeline_config_loader.hpp"
#include "event_engine/kill_point.hpp"
#include "event_engine/publish_lines.hpp"
#include "event_engine/queued_sends.hpp"
#include "http/idempotency_key.hpp"
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
  std::uint64_t already_stored = 0;  // events of batches an earlier run with the key stored
};

// Publishes one batch: plainly, or once per "<key>/<index>" with the batch's fingerprint (its
// events, one per line), so that a second run finds what the first one stored.
class BatchPublisher {
 public:
  BatchPublisher(Publisher& publisher, const std::string& topic, const std::string& idempotency_key)
      : publisher_(publisher),
        topic_(topic),
        key_(idempotency_key),
        lines_face_(idempotency_key.empty() ? dynamic_cast<PublishLines*>(&publisher) : nullptr) {}

  void publish(const EventBatch& batch, Published& published) {
    publish_once_or_plainly(batch, published);
    batch_stored().pass();
  }

  // True when whole lines can be published as they are (publish_lines), not as an EventBatch.
  bool takes_lines() const noexcept { return lines_face_ != nullptr; }
  // `events` lines, each ending with '\n', none empty or holding '\r'; only when takes_lines().
  void publish_lines(std::string_view lines, std::size_t events, Published& published) {
    lines_face_->publish_lines(topic_, lines, events);
    published.events += events;
    batch_stored().pass();
  }

 private:
  // A batch stored, the next not yet sent: where a run that dies leaves the file half published.
  static KillPoint& batch_stored() {
    static KillPoint point("publish_batch_stored");
    return point;
  }

  void publish_once_or_plainly(const EventBatch& batch, Published& published) {
    if (key_.empty()) {
      publisher_.publish_batch(topic_, batch);
      published.events += batch.size();
      return;
    }
    lines_.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) lines_.append(batch[i]).push_back('\n');
    const std::string key = key_ + "/" + std::to_string(index_++);
    const std::string fingerprint = request_fingerprint(topic_, lines_);
    switch (publisher_.publish_batch_once(topic_, batch, PublishOnce{key, fingerprint})) {
      case PublishOnceOutcome::stored:
        published.events += batch.size();
        return;
      case PublishOnceOutcome::duplicate:
        published.already_stored += batch.size();
        return;
      case PublishOnceOutcome::conflict:
        break;
    }
    throw std::runtime_error("--idempotency-key " + key_ + ": batch " + key +
                             " was published before with other events (another file, or the file changed); "
                             "nothing more was published. Use a new key for new events");
  }

  Publisher& publisher_;
  const std::string& topic_;
  const std::string& key_;
  PublishLines* const lines_face_;  // without an idempotency key, when the publisher has the face
  std::uint64_t index_ = 0;
  std::string lines_;
};

// Reads the file in blocks and publishes events_per_batch lines at a time. A publisher that takes
// lines (PublishLines) is handed them straight from the block; otherwise the lines of a block go
// to the batch as one newline-delimited body (EventBatch::add_first_delimited: one pass, no call
// per line). Only a block with an empty line or a '\r' is cut line by line with memchr.
// std::getline's per-line stream work held `publish --file` near 40M events/s, and a memchr, an
// append and a copy per line near 100M.
Published publish_file(BatchPublisher& publisher, const std::string& file, PublishProgress& progress) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  constexpr std::size_t block_bytes = 1 << 20;
  std::string buffer;  // the start of a line that the previous block cut, then the next block
  EventBatch batch;
  Published published;
  const auto publish_if_full = [&] {
    if (batch.size() < events_per_batch) return;
    publisher.publish(batch, published);
    batch.clear();
    progress.update(published.events + published.already_stored, published.bytes);
  };
  const auto add_line = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return;
    batch.add(line);
    publish_if_full();
  };
  const auto add_lines = [&](std::string_view lines) {
    if (needs_line_by_line(lines)) {
      while (!lines.empty()) {
        const auto length = static_cast<std::size_t>(
            static_cast<const char*>(std::memchr(lines.data(), '\n', lines.size())) - lines.data());
        add_line(lines.substr(0, length));
        lines.remove_prefix(length + 1);
      }
      return;
    }
    while (!lines.empty()) {
      // A batch that the previous block began is completed first, so that every message but the
      // last holds events_per_batch events.
      if (batch.empty() && publisher.takes_lines()) {
        if (const std::size_t length = length_of_lines(lines, events_per_batch);
            length != std::string_view::npos) {
          publisher.publish_lines(lines.substr(0, length), events_per_batch, published);
          progress.update(published.events + published.already_stored, published.bytes);
          lines.remove_prefix(length);
          continue;
        }
      }
      lines.remove_prefix(batch.add_first_delimited(lines, events_per_batch - batch.size()).bytes);
      publish_if_full();
    }
  };
  for (;;) {
    const std::size_t carried = buffer.size();
    buffer.resize(carried + block_bytes);
    in.read(buffer.data() + carried, static_cast<std::streamsize>(block_bytes));
    const auto read = static_cast<std::size_t>(in.gcount());
    buffer.resize(carried + read);
    if (read == 0) break;
    published.bytes += read;
    // The carried start holds no newline: only the block is searched.
    const std::size_t last_newline = std::string_view(buffer).substr(carried).rfind('\n');
    if (last_newline == std::string_view::npos) continue;
    const std::size_t lines_end = carried + last_newline + 1;
    add_lines(std::string_view(buffer).substr(0, lines_end));
    buffer.erase(0, lines_end);
  }
  add_line(buffer);
  if (!batch.empty()) publisher.publish(batch, published);
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
    if (!options.idempotency_key.empty()) {
      const auto key = read_idempotency_key(options.idempotency_key);
      if (const auto* error = std::get_if<IdempotencyKeyError>(&key)) {
        spdlog::error("{}", error->message);
        return exit_bad_config;
      }
      if (!broker->capabilities().deduplicates) {
        spdlog::error(
            "--idempotency-key: the \"{}\" broker (as configured) cannot deduplicate: it keeps no "
            "record of what it stored. Use redis in stream mode or nats in jetstream mode",
            config.broker.plugin);
        return exit_bad_config;
      }
    }
    std::unique_ptr<Publisher> publisher = broker->open_publisher();
    BatchPublisher batches(*publisher, topic, options.idempotency_key);
    // The bar only on a terminal: piped or logged output gets the final line alone.
    PublishProgress progress(options.file.empty() ? 0 : file_size_or_zero(options.file),
                             !options.file.empty() && isatty(STDERR_FILENO) != 0);
    Published published;
    if (!options.file.empty()) {
      published = publish_file(batches, options.file, progress);
    } else {
      EventBatch batch;
      for (const std::string& value : options.values) batch.add(value);
      batches.publish(batch, published);
      published.bytes = batch.bytes().size();
    }
    if (auto* const queued = dynamic_cast<QueuedSends*>(publisher.get())) {
      const auto timeout = std::chrono::milliseconds(std::llround(options.finish_timeout_seconds * 1000));
      spdlog::debug("publish: every event is queued; waiting up to {} s for the receiver to take them",
                    options.finish_timeout_seconds);
      if (!queued->finish_sending(timeout)) {
        spdlog::error(
            "publish: the receiver did not take everything queued within {} s (--finish-timeout), so some of "
            "the {} events may not have arrived. {} acknowledges nothing: compare with the engine's "
            "event_engine_events_applied_total",
            options.finish_timeout_seconds, published.events, config.broker.plugin);
        return exit_failure;
      }
    }
    publisher.reset();
    std::printf("%s\n", progress.finish(published.events, published.bytes, topic).c_str());
    if (published.already_stored > 0) {
      std::printf("%llu events were stored by an earlier run with --idempotency-key %s, and not again\n",
                  static_cast<unsigned long long>(published.already_stored), options.idempotency_key.c_str());
    }
    return exit_ok;
  } catch (const ConfigError& error) {
    spdlog::error("{}: {}", options.config.config_file, error.what());
    return exit_bad_config;
  } catch (const PluginLoadError& error) {
    spdlog::error("{}", error.what());
    return exit_bad_config;
  } catch (const std::exception& error) {
    spdlog::error("publish failed: {}", error.what());
    if (!options.idempotency_key.empty()) {
      spdlog::error("run the same command again: batches stored already are not stored twice");
    }
    return exit_failure;
  }
}

}  // namespace event_engine
