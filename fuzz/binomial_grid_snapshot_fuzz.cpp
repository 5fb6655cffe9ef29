// Target 6b: binomial_grid snapshot restore. The input is a snapshot; the model is made from the
// grid size and prior it names (so restore gets past the config checks). A refused snapshot leaves
// the model as it was; a restored one snapshots back to the same JSON (every field restore reads),
// through text as a store keeps it, and restores again to the same model.
#include <string>

#include "adapter/binomial_grid_config.hpp"
#include "adapter/binomial_grid_model.hpp"
#include "event_engine/config_error.hpp"
#include "fuzz_check.hpp"
#include "fuzz_json.hpp"

namespace {

using namespace binomial_grid;

constexpr std::size_t max_grid_points_modelled = 4096;

std::optional<BinomialGridConfig> config_named_by(const nlohmann::json& snapshot) {
  nlohmann::json config = nlohmann::json::object();
  for (const char* key : {"grid_points", "prior"}) {
    if (snapshot.contains(key)) config[key] = snapshot[key];
  }
  try {
    BinomialGridConfig read = read_binomial_grid_config(event_engine::ConfigReader(config, "/config"));
    if (read.grid_points > max_grid_points_modelled) return std::nullopt;
    return read;
  } catch (const event_engine::ConfigError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::optional<nlohmann::json> snapshot = fuzz_input_as_json(data, size);
  if (!snapshot || !snapshot->is_object()) return 0;
  const std::optional<BinomialGridConfig> config = config_named_by(*snapshot);
  if (!config) return 0;

  BinomialGridModel model(*config, nullptr);
  const nlohmann::json before = model.snapshot();
  try {
    model.restore(*snapshot);
  } catch (const std::runtime_error&) {
    FUZZ_CHECK(model.snapshot() == before);
    return 0;
  }
  const nlohmann::json restored = model.snapshot();
  for (const auto& [key, value] : restored.items()) FUZZ_CHECK(snapshot->at(key) == value);
  const nlohmann::json through_text = nlohmann::json::parse(restored.dump());
  FUZZ_CHECK(through_text == restored);
  BinomialGridModel again(*config, nullptr);
  again.restore(through_text);
  FUZZ_CHECK(again.snapshot() == restored);
  FUZZ_CHECK(again.summary(false).dump() == model.summary(false).dump());
  return 0;
}
