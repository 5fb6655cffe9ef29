// Target 6a: the binomial_grid model's config, prior JSON included. A config is refused with a
// ConfigError under /process/model/config, or it makes a model whose prior's canonical JSON reads
// back to itself and whose snapshot restores into a second model of that config, exactly.
#include <string>

#include "adapter/binomial_grid_config.hpp"
#include "adapter/binomial_grid_model.hpp"
#include "adapter/prior_json.hpp"
#include "event_engine/config_error.hpp"
#include "fuzz_check.hpp"
#include "fuzz_json.hpp"

namespace {

using namespace binomial_grid;

constexpr const char* config_path = "/process/model/config";
// The work past the config is linear in the grid; larger grids test nothing more of the parser.
constexpr std::size_t max_grid_points_modelled = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::optional<nlohmann::json> config = fuzz_input_as_json(data, size);
  if (!config) return 0;
  BinomialGridConfig read;
  try {
    read = read_binomial_grid_config(event_engine::ConfigReader(*config, config_path));
  } catch (const event_engine::ConfigError& error) {
    FUZZ_CHECK(error.path().starts_with(config_path));
    return 0;
  }
  FUZZ_CHECK(read.grid_points >= 2);
  FUZZ_CHECK(read.interval_mass > 0.0 && read.interval_mass <= 1.0);
  if (read.grid_points > max_grid_points_modelled) return 0;

  const nlohmann::json prior = prior_to_json(read.prior);
  const nlohmann::json prior_read_back = prior_to_json(read_prior(
      event_engine::ConfigReader(nlohmann::json::parse(prior.dump()), std::string(config_path) + "/prior"),
      read.grid_points));
  FUZZ_CHECK(prior_read_back == prior);

  const BinomialGridModel model(read, nullptr);
  const nlohmann::json snapshot = model.snapshot();
  FUZZ_CHECK(snapshot.at("prior") == prior);
  FUZZ_CHECK(snapshot.at("grid_points") == read.grid_points);
  BinomialGridModel restored(read, nullptr);
  restored.restore(nlohmann::json::parse(snapshot.dump()));
  FUZZ_CHECK(restored.snapshot() == snapshot);
  FUZZ_CHECK(restored.summary(true) == model.summary(true));
  return 0;
}
