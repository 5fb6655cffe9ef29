#include "testing/case_runner.hpp"

#include <spdlog/spdlog.h>

#include "config/pipeline_config_loader.hpp"
#include "keys/keyed_reads.hpp"
#include "observability/metrics_registry.hpp"
#include "pipeline/model_host.hpp"
#include "pipeline/pipeline.hpp"
#include "plugins/plugin_loader.hpp"
#include "testing/in_memory_broker.hpp"
#include "testing/in_memory_store.hpp"
#include "testing/summary_expectation.hpp"

namespace event_engine {
namespace {

using Verdict = CaseOutcome::Verdict;

CaseOutcome bad_config(const std::vector<std::string>& errors) {
  CaseOutcome outcome{Verdict::bad_config, {}};
  for (const std::string& error : errors) outcome.message += (outcome.message.empty() ? "" : "\n") + error;
  return outcome;
}

CaseOutcome failed(std::string message) { return {Verdict::failed, std::move(message)}; }

// The pipeline's own log lines (rejections, checkpoints) would drown the case lines; they show
// only when the user asked for debug output.
std::shared_ptr<spdlog::logger> quiet_logger() {
  auto logger = spdlog::default_logger()->clone("test");
  if (spdlog::get_level() > spdlog::level::debug) logger->set_level(spdlog::level::err);
  return logger;
}

std::shared_ptr<Model> create_model(const PluginLoader& loader, const PipelineConfig& config,
                                    Metrics& metrics) {
  const ProcessConfig& process = *config.process;
  const PluginContext context{quiet_logger(), &metrics, config.config_dir, std::string()};
  return loader.create_model(process.model.plugin,
                             ConfigReader(process.model.config, process.model.config_path), context);
}

// Draws the final state with each visualiser, on this thread, so a failure is the case's.
std::optional<std::string> render_failure(const PluginLoader& loader, const PipelineConfig& config,
                                          Metrics& metrics, const ModelHost& model) {
  const ModelView view = model.view();
  const std::vector<PluginChoice>& visualisers = config.process->visualisers;
  for (std::size_t i = 0; i < visualisers.size(); ++i) {
    const PluginContext context{quiet_logger(), &metrics, config.config_dir, std::string()};
    try {
      loader
          .create_visualiser(visualisers[i].plugin,
                             ConfigReader(visualisers[i].config, visualisers[i].config_path), context)
          ->render(view);
    } catch (const std::exception& error) {
      return "/process/visualisers/" + std::to_string(i) + ": rendering failed: " + error.what();
    }
  }
  return std::nullopt;
}

}  // namespace

CaseOutcome run_test_case(const std::filesystem::path& config_file, const std::vector<std::string>& overrides,
                          const TestCase& test_case) {
  std::vector<std::string> all_overrides = overrides;
  all_overrides.insert(all_overrides.end(), test_case.overrides.begin(), test_case.overrides.end());
  std::vector<std::string> errors;
  std::optional<PipelineConfig> config = load_pipeline_config(config_file, all_overrides, errors);
  if (!errors.empty()) return bad_config(errors);
  if (!config->process) return bad_config({"/process: expected a process section: a test feeds its model"});
  // Rejected events are counted below; the dead-letter file is not what a case checks.
  ProcessConfig process = *config->process;
  process.dead_letter_path = "/dev/null";

  std::optional<PluginLoader> found_plugins;
  try {
    found_plugins.emplace(PluginLoader::search_path(config->plugin_dirs));
  } catch (const PluginLoadError& error) {
    return bad_config({error.what()});
  }
  // The loader outlives the handlers below: an exception a plugin throws is destroyed by code in
  // the plugin's library, which must still be loaded then.
  const PluginLoader& loader = *found_plugins;
  try {
    MetricsRegistry metrics;
    InMemoryBroker broker;
    InMemoryStore store;
    ModelHost model(create_model(loader, *config, metrics));
    {
      Pipeline pipeline(process, broker, model, &store, metrics, quiet_logger());
      pipeline.start(false);
      EventBatch events;
      for (const std::string& event : test_case.events) events.add(event);
      broker.append(test_case.topic.empty() ? process.topics.front() : test_case.topic, events);
      pipeline.drain_and_checkpoint();
    }
    if (test_case.render) {
      if (auto failure = render_failure(loader, *config, metrics, model)) return failed(*failure);
    }

    const nlohmann::json summary = model.summary(false);
    if (test_case.summary) {
      if (auto difference = first_difference(*test_case.summary, summary, "/summary"))
        return failed(*difference);
    }
    if (test_case.keys) {
      const std::shared_ptr<const PublishedModel> state = model.published();
      for (const auto& [key, matcher] : test_case.keys->items()) {
        const std::optional<std::uint32_t> slot = slot_of_key(*state, key);
        if (!slot)
          return failed("/keys/" + key.substr(0, 64) + ": expected a key \"" + key.substr(0, 64) +
                        "\", got none");
        if (auto difference = first_difference(matcher, state->model->summary_of(*slot, false),
                                               "/keys/" + key.substr(0, 64)))
          return failed(*difference);
      }
    }
    const auto accepted = metrics.counter("event_engine_events_applied_total", "").value();
    const auto rejected = metrics.counter("event_engine_events_rejected_total", "").value();
    if (test_case.accepted) {
      if (auto difference = first_difference(*test_case.accepted, accepted, "/accepted"))
        return failed(*difference);
    }
    if (test_case.rejected) {
      if (auto difference = first_difference(*test_case.rejected, rejected, "/rejected"))
        return failed(*difference);
    }

    // What the pipeline checkpointed must bring a fresh model to the same state.
    if (accepted + rejected > 0) {
      const std::optional<Checkpoint> saved = store.load(process.checkpoint.key);
      if (!saved) return failed("/checkpoint: expected the pipeline to save a checkpoint, got none");
      ModelHost restored(create_model(loader, *config, metrics));
      if (process.keys) restored.use_keys(process.keys->max_keys);
      restored.restore(saved->model);
      if (restored.summary(false) != summary) {
        return failed(
            "/checkpoint: a model restored from the checkpoint has another summary than the one that "
            "saved it");
      }
    }
    return {};
  } catch (const ConfigError& error) {
    return bad_config({error.what()});
  } catch (const PluginLoadError& error) {
    return bad_config({error.what()});
  } catch (const std::exception& error) {
    return failed(std::string("the pipeline failed: ") + error.what());
  }
}

}  // namespace event_engine
