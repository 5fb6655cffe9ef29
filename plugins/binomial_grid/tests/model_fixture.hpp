// Builds binomial_grid models and batches for the adapter tests, the way the engine does: the
// factory with a config at /process/model/config and a context whose logger the test can read.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapter/binomial_grid_model.hpp"
#include "event_engine/event_batch.hpp"

namespace binomial_grid {

inline constexpr const char* model_config_path = "/process/model/config";

struct ModelFixture {
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log =
      std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  std::shared_ptr<spdlog::logger> logger = std::make_shared<spdlog::logger>("binomial_grid_test", log);

  std::unique_ptr<event_engine::Model> make(const nlohmann::json& config) const {
    event_engine::PluginContext context;
    context.logger = logger;
    return create_binomial_grid_model(event_engine::ConfigReader(config, model_config_path), context);
  }
};

// One event per character: "wlw" is the batch w, l, w.
inline event_engine::EventBatch batch_of_characters(std::string_view trials) {
  event_engine::EventBatch batch;
  for (char trial : trials) batch.add(std::string_view(&trial, 1));
  return batch;
}

}  // namespace binomial_grid
