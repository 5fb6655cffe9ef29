// Target: a keyed pipeline's checkpoint as a store hands it back: the engine's part (the keys, what
// was dropped, the last-seen times, the decisions; keys/keyed_checkpoint, decisions/decision_log)
// around binomial_grid's keyed table, restored into a keyed ModelHost as a restart does. A refused
// checkpoint changes nothing; a restored one checkpoints back to what it restored, restores again to
// the same, and its decisions survive a second round trip unchanged.
#include <string>

#include "adapter/binomial_grid_config.hpp"
#include "adapter/binomial_grid_model.hpp"
#include "decisions/decision_log.hpp"
#include "fuzz_check.hpp"
#include "fuzz_json.hpp"
#include "pipeline/model_host.hpp"

namespace {

using namespace binomial_grid;

constexpr std::size_t max_keys = 1000;

std::shared_ptr<event_engine::Model> keyed_model() {
  const nlohmann::json config = {{"grid_points", 20}, {"prior", {{"type", "uniform"}}}};
  return std::make_shared<BinomialGridModel>(
      read_binomial_grid_config(event_engine::ConfigReader(config, "/config")), nullptr);
}

// As a keyed pipeline with process.keys.idle_expiry sets its host up before restoring.
void make_keyed(event_engine::ModelHost& host) {
  host.use_keys(max_keys);
  host.track_idle_keys();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::optional<nlohmann::json> checkpoint = fuzz_input_as_json(data, size);
  if (!checkpoint) return 0;
  event_engine::ModelHost host(keyed_model());
  make_keyed(host);
  const nlohmann::json before = host.snapshot();
  try {
    host.restore(*checkpoint);
  } catch (const std::runtime_error&) {
    FUZZ_CHECK(host.snapshot() == before);
    return 0;
  }
  event_engine::DecisionLog decisions;
  try {
    decisions.restore(host.restored_decisions());
  } catch (const std::runtime_error&) {
    return 0;  // the pipeline refuses to start on it, naming it
  }
  // What the next checkpoint holds: the restored keys, state, drops and times, and the decisions.
  host.set_decisions(decisions.to_checkpoint());
  const nlohmann::json saved = host.snapshot();
  FUZZ_CHECK(saved.at("key_count") == checkpoint->at("key_count"));
  FUZZ_CHECK(saved.at("keys") == checkpoint->at("keys"));
  event_engine::ModelHost again(keyed_model());
  make_keyed(again);
  again.restore(nlohmann::json::parse(saved.dump()));
  FUZZ_CHECK(again.snapshot() == saved);
  event_engine::DecisionLog decisions_again;
  decisions_again.restore(again.restored_decisions());
  FUZZ_CHECK(decisions_again.to_checkpoint() == decisions.to_checkpoint());
  return 0;
}
