#include "experiments/experiments_config.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

constexpr const char* experiments_path = "/process/experiments";
constexpr std::size_t most_experiments = 1000;
constexpr std::size_t most_variants = 100;

std::string shortest(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

std::vector<ExperimentConfig> read_experiments_config(const nlohmann::json& process_section) {
  std::vector<ExperimentConfig> experiments;
  if (!process_section.is_object() || !process_section.contains("experiments") ||
      process_section.at("experiments").is_null())
    return experiments;
  const nlohmann::json& section = process_section.at("experiments");
  if (!section.is_array() || section.size() > most_experiments)
    throw ConfigError(experiments_path,
                      "expected a list of experiments such as [{\"prefix\": \"checkout/\", "
                      "\"weights\": {\"A\": 1, \"B\": 1}}], got " +
                          ConfigReader::shown(section));
  for (std::size_t i = 0; i < section.size(); ++i) {
    const std::string path = std::string(experiments_path) + "/" + std::to_string(i);
    if (!section[i].is_object())
      throw ConfigError(path, "expected an object, got " + ConfigReader::shown(section[i]));
    const ConfigReader reader(section[i], path);
    for (const auto& [name, value] : section[i].items()) {
      if (name != "prefix" && name != "weights" && name != "srm_threshold")
        throw ConfigError(path + "/" + ConfigReader::shortened(name, 40),
                          "unknown key; an experiment takes prefix, weights and srm_threshold");
    }
    ExperimentConfig experiment;
    experiment.prefix = reader.required_string("prefix");
    if (experiment.prefix.empty())
      reader.fail("prefix", "expected the experiment's key prefix, such as \"checkout/\"");
    for (const ExperimentConfig& earlier : experiments) {
      if (earlier.prefix == experiment.prefix)
        reader.fail("prefix",
                    "expected a prefix no other experiment has, got \"" + experiment.prefix + "\" twice");
    }
    const auto weights = section[i].find("weights");
    if (weights == section[i].end() || !weights->is_object() || weights->size() < 2 ||
        weights->size() > most_variants)
      reader.fail("weights",
                  "expected the variants' split, 2 to 100 of them, such as {\"A\": 50, \"B\": 50}");
    for (const auto& [variant, weight] : weights->items()) {
      if (!weight.is_number() || !std::isfinite(weight.get<double>()) || weight.get<double>() <= 0)
        throw ConfigError(path + "/weights/" + ConfigReader::shortened(variant, 40),
                          "expected a positive number, got " + ConfigReader::shown(weight));
      experiment.weights[variant] = weight.get<double>();
    }
    experiment.srm_threshold = reader.number("srm_threshold", 0.001, 0.0, 1.0);
    experiments.push_back(std::move(experiment));
  }
  return experiments;
}

nlohmann::json experiments_config_schema() {
  using nlohmann::json;
  return json{{"type", "array"},
              {"description", "experiments over the keys: the split their variants were assigned with"},
              {"items",
               {{"type", "object"},
                {"required", json::array({"prefix", "weights"})},
                {"properties",
                 {{"prefix", {{"type", "string"}, {"minLength", 1}}},
                  {"weights",
                   {{"type", "object"},
                    {"additionalProperties", {{"type", "number"}, {"exclusiveMinimum", 0}}},
                    {"description", "each variant's share of the assignments, by its key after the prefix"}}},
                  {"srm_threshold",
                   {{"type", "number"},
                    {"minimum", 0},
                    {"maximum", 1},
                    {"description", "GET /model/srm flags a mismatch below this p-value (default 0.001)"}}}}},
                {"additionalProperties", false}}}};
}

std::string apply_experiment_split(const std::vector<ExperimentConfig>& experiments,
                                   const std::vector<NamedSlot>& keys, QueryParameters& parameters) {
  for (const ExperimentConfig& experiment : experiments) {
    bool all_in = !keys.empty();
    for (const NamedSlot& key : keys) all_in = all_in && key.key.starts_with(experiment.prefix);
    if (!all_in) continue;
    if (!parameters.contains("weights")) {
      std::string weights;
      for (const NamedSlot& key : keys) {
        const auto weight = experiment.weights.find(key.key.substr(experiment.prefix.size()));
        if (weight == experiment.weights.end())
          return "key \"" + key.key.substr(0, 256) + "\" has no weight in process.experiments' split for \"" +
                 experiment.prefix + "\"";
        weights += (weights.empty() ? "" : ",") + shortest(weight->second);
      }
      parameters["weights"] = weights;
    }
    if (!parameters.contains("threshold")) parameters["threshold"] = shortest(experiment.srm_threshold);
    return {};
  }
  return {};
}

}  // namespace event_engine
