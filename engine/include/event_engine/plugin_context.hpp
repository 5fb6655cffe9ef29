// What the engine hands every factory besides the plugin's own config.
#pragma once

#include <spdlog/logger.h>
#include <filesystem>
#include <memory>
#include <string>

#include "event_engine/metrics.hpp"

namespace event_engine {

// The engine always sets `logger` and `metrics` (a factory may rely on them: null only in a
// plugin's own tests that leave them out); both outlive every object the factory makes.
struct PluginContext {
  std::shared_ptr<spdlog::logger> logger;
  Metrics* metrics = nullptr;
  // Directory of the config file: every relative path in a config resolves against it.
  std::filesystem::path config_dir;
  // The pipeline's checkpoint key (process.checkpoint.key; empty for a publish-only pipeline):
  // names this engine among the members of a group, so a broker can derive names from it that
  // stay the same when the engine restarts (a stream consumer re-reads its own pending entries).
  std::string checkpoint_key{};  // {}: aggregate initialisers that stop before it stay warning-free

  std::filesystem::path resolve(const std::string& path) const {
    const std::filesystem::path given(path);
    return given.is_absolute() ? given : (config_dir / given).lexically_normal();
  }
};

}  // namespace event_engine
