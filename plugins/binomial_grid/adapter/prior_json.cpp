#include "adapter/prior_json.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "math/grid_posterior.hpp"

namespace binomial_grid {
namespace {

using event_engine::ConfigError;
using event_engine::ConfigReader;

// A key the prior's type does not take is an error, not silently ignored: {"type": "beta", "alpha": 2}.
void refuse_other_keys(const ConfigReader& prior, std::string_view type,
                       std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : prior.raw().items()) {
    if (key == "type" || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string expected = "not a key of a " + std::string(type) + " prior (its keys: type";
    for (std::string_view known : keys) expected += ", " + std::string(known);
    throw ConfigError(prior.path_of(key), expected + ")");
  }
}

StepPrior read_step(const ConfigReader& prior) {
  refuse_other_keys(prior, "step", {"above", "below"});
  if (!prior.has("above") && !prior.has("below")) {
    throw ConfigError(prior.path(), "a step prior needs \"above\", \"below\" or both");
  }
  StepPrior step;
  for (const auto& [key, bound] : {std::pair{"above", &step.above}, std::pair{"below", &step.below}}) {
    if (!prior.has(key)) continue;
    *bound = prior.number(key, 0.0);
    if (!(*bound >= 0.0 && *bound <= 1.0)) prior.fail(key, "expected a number in [0, 1]");
  }
  if (step.above && step.below && !(*step.above < *step.below)) {
    prior.fail("below", "expected a number > above (" + nlohmann::json(*step.above).dump() + ")");
  }
  return step;
}

BetaPrior read_beta(const ConfigReader& prior) {
  refuse_other_keys(prior, "beta", {"a", "b"});
  BetaPrior beta{};
  for (const auto& [key, shape] : {std::pair{"a", &beta.a}, std::pair{"b", &beta.b}}) {
    if (!prior.has(key)) prior.fail(key, "expected a number > 0");
    *shape = prior.number(key, 0.0);
    if (!(*shape > 0.0)) prior.fail(key, "expected a number > 0");
  }
  return beta;
}

ListPrior read_list(const ConfigReader& prior, std::size_t grid_points) {
  refuse_other_keys(prior, "list", {"values"});
  const std::string expected =
      "expected a list of " + std::to_string(grid_points) + " numbers >= 0 (one per grid point)";
  if (!prior.has("values")) prior.fail("values", expected);
  ListPrior list{prior.number_list("values")};
  if (list.values.size() != grid_points) {
    throw ConfigError(prior.path_of("values"),
                      expected + ", got " + std::to_string(list.values.size()) + " values");
  }
  for (std::size_t i = 0; i < list.values.size(); ++i) {
    if (!(list.values[i] >= 0.0)) {
      throw ConfigError(prior.path_of("values") + "/" + std::to_string(i),
                        "expected a number >= 0, got " + nlohmann::json(list.values[i]).dump());
    }
  }
  return list;
}

Prior read_prior_of_type(const ConfigReader& prior, const std::string& type, std::size_t grid_points) {
  if (type == "uniform") {
    refuse_other_keys(prior, "uniform", {});
    return UniformPrior{};
  }
  if (type == "step") return read_step(prior);
  if (type == "beta") return read_beta(prior);
  return read_list(prior, grid_points);
}

}  // namespace

Prior read_prior(const ConfigReader& prior, std::size_t grid_points) {
  if (!prior.has("type")) prior.fail("type", "expected one of \"uniform\" \"step\" \"beta\" \"list\"");
  const std::string type = prior.one_of("type", "", {"uniform", "step", "beta", "list"});
  Prior result = read_prior_of_type(prior, type, grid_points);
  // A step between two neighbouring grid points, or a list of zeros, would leave nothing to update.
  const GridPosterior on_grid(grid_points, result);
  if (on_grid.impossible()) {
    throw ConfigError(prior.path(), "expected a prior that is positive somewhere on the grid of " +
                                        std::to_string(grid_points) + " points, got " +
                                        ConfigReader::shown(prior.raw()));
  }
  return result;
}

nlohmann::json prior_to_json(const Prior& prior) {
  nlohmann::json json{{"type", prior_type_name(prior)}};
  if (const auto* step = std::get_if<StepPrior>(&prior)) {
    if (step->above) json["above"] = *step->above;
    if (step->below) json["below"] = *step->below;
  } else if (const auto* beta = std::get_if<BetaPrior>(&prior)) {
    json["a"] = beta->a;
    json["b"] = beta->b;
  } else if (const auto* list = std::get_if<ListPrior>(&prior)) {
    json["values"] = list->values;
  }
  return json;
}

}  // namespace binomial_grid
