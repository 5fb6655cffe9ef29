#include "adapter/experiment_queries.hpp"

#include <cstdio>
#include <span>
#include <string>

#include "adapter/posterior_summary.hpp"
#include "adapter/query_parameters.hpp"
#include "math/best_of_keys.hpp"
#include "math/normalise_log_weights.hpp"
#include "math/posterior_comparison.hpp"
#include "math/posterior_statistics.hpp"
#include "math/sample_ratio.hpp"

namespace binomial_grid {
namespace {

using event_engine::QueryError;

// As many keys as the engine passes to a query over keys.
constexpr std::size_t event_engine_most_keys = 100;

// Each key's probabilities on the grid; 409 for a key its prior cannot explain.
std::vector<std::vector<double>> probabilities_of(std::string_view query,
                                                  const std::vector<KeyPosterior>& keys) {
  std::vector<std::vector<double>> probabilities;
  probabilities.reserve(keys.size());
  for (const KeyPosterior& key : keys) {
    if (key.posterior.impossible())
      throw QueryError(409, std::string(query) + ": key \"" + std::string(key.key) +
                                "\": " + impossible_data_message(key.posterior));
    probabilities.push_back(normalise_log_weights(key.posterior.log_posterior()));
  }
  return probabilities;
}

void expect_keys(std::string_view query, const std::vector<KeyPosterior>& keys, std::size_t least,
                 std::size_t most, const char* how) {
  if (keys.size() < least || keys.size() > most)
    throw QueryError(
        400, std::string(query) + ": expected " + how + ", got " + std::to_string(keys.size()) + " keys");
}

// {"key", "n", "mean", "interval"} of one arm.
nlohmann::json arm(const KeyPosterior& key, std::span<const double> probabilities, double interval_mass) {
  const std::span<const double> grid = key.posterior.grid();
  const IndexInterval interval = percentile_interval(probabilities, interval_mass);
  return {{"key", key.key},
          {"n", key.n},
          {"w", successes_json(key.posterior)},
          {"mean", moments(grid, probabilities).mean},
          {"interval", {grid[interval.lower], grid[interval.upper]}}};
}

ComparisonSettings comparison_settings(const event_engine::QueryParameters& parameters,
                                       double interval_mass) {
  ComparisonSettings settings;
  settings.interval_mass = interval_mass;
  settings.delta = number_parameter("compare", parameters, "delta", 0.0, -1.0, 1e6);
  return settings;
}

nlohmann::json answer_compare(const std::vector<KeyPosterior>& keys,
                              const event_engine::QueryParameters& parameters, double interval_mass) {
  refuse_unknown_parameters("compare", parameters, {"delta"});
  expect_keys("compare", keys, 2, 2, "two keys, a=A&b=B");
  const ComparisonSettings settings = comparison_settings(parameters, interval_mass);
  const auto probabilities = probabilities_of("compare", keys);
  const Comparison comparison =
      compare_posteriors(keys[0].posterior.grid(), probabilities[0], probabilities[1], settings);
  nlohmann::json lift = nullptr;
  if (comparison.lift) {
    lift = {{"mean", comparison.lift->mean},
            {"interval", {comparison.lift->interval.lower, comparison.lift->interval.upper}},
            {"delta", settings.delta},
            {"p_above_delta", comparison.lift->p_above_delta}};
  }
  return {{"a", arm(keys[0], probabilities[0], interval_mass)},
          {"b", arm(keys[1], probabilities[1], interval_mass)},
          {"p_b_beats_a", comparison.p_b_beats_a},
          {"expected_loss_choose_a", comparison.expected_loss_choose_a},
          {"expected_loss_choose_b", comparison.expected_loss_choose_b},
          {"lift", lift},
          {"interval_mass", interval_mass}};
}

nlohmann::json answer_best(const std::vector<KeyPosterior>& keys,
                           const event_engine::QueryParameters& parameters, double interval_mass) {
  refuse_unknown_parameters("best", parameters, {});
  expect_keys("best", keys, 2, event_engine_most_keys, "2 to 100 keys");
  const auto probabilities = probabilities_of("best", keys);
  const std::vector<std::span<const double>> posteriors(probabilities.begin(), probabilities.end());
  const BestOfKeys best = best_of_keys(keys[0].posterior.grid(), posteriors);
  nlohmann::json listed = nlohmann::json::array();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    nlohmann::json entry = arm(keys[i], probabilities[i], interval_mass);
    entry["p_best"] = best.p_best[i];
    entry["expected_loss"] = best.expected_loss[i];
    listed.push_back(std::move(entry));
  }
  return {{"keys", std::move(listed)}, {"interval_mass", interval_mass}};
}

nlohmann::json answer_sample_ratio(const std::vector<KeyPosterior>& keys,
                                   const event_engine::QueryParameters& parameters) {
  refuse_unknown_parameters("srm", parameters, {"weights", "threshold"});
  expect_keys("srm", keys, 2, event_engine_most_keys, "2 to 100 keys");
  const std::vector<double> weights =
      parameters.contains("weights") ? positive_numbers_parameter("srm", parameters, "weights", keys.size())
                                     : std::vector<double>(keys.size(), 1.0);
  const double threshold = number_parameter("srm", parameters, "threshold", 0.001, 0.0, 1.0);
  std::vector<std::uint64_t> observed;
  double weight_total = 0;
  std::uint64_t n_total = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    observed.push_back(keys[i].n);
    weight_total += weights[i];
    n_total += observed.back();
  }
  const SampleRatioTest test = sample_ratio_mismatch(observed, weights);
  nlohmann::json listed = nlohmann::json::array();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    listed.push_back(
        {{"key", keys[i].key},
         {"n", observed[i]},
         {"expected_share", weights[i] / weight_total},
         {"observed_share",
          n_total == 0 ? 0.0 : static_cast<double>(observed[i]) / static_cast<double>(n_total)}});
  }
  return {{"keys", std::move(listed)},
          {"statistic", test.statistic},
          {"degrees_of_freedom", test.degrees_of_freedom},
          {"p_value", test.p_value},
          {"threshold", threshold},
          {"mismatch", test.p_value < threshold}};
}

std::string shown_probability(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", p);
  return text;
}

}  // namespace

nlohmann::json answer_keys_query(std::string_view name, const std::vector<KeyPosterior>& keys,
                                 const event_engine::QueryParameters& parameters, double interval_mass) {
  if (name == "compare") return answer_compare(keys, parameters, interval_mass);
  if (name == "best") return answer_best(keys, parameters, interval_mass);
  if (name == "srm") return answer_sample_ratio(keys, parameters);
  throw QueryError(404, "the binomial_grid model answers no query named \"" +
                            std::string(name.substr(0, 40)) +
                            "\" over keys (it answers: compare, best, srm)");
}

event_engine::ModelView keys_query_view(std::string_view name, const std::vector<KeyPosterior>& keys,
                                        const event_engine::QueryParameters& parameters,
                                        double interval_mass) {
  if (name != "compare")
    throw QueryError(404, "the binomial_grid model draws no query named \"" +
                              std::string(name.substr(0, 40)) + "\" over keys (it draws: compare)");
  refuse_unknown_parameters("compare", parameters, {"delta"});
  expect_keys("compare", keys, 2, 2, "two keys, a=A&b=B");
  const ComparisonSettings settings = comparison_settings(parameters, interval_mass);
  const auto probabilities = probabilities_of("compare", keys);
  const Comparison comparison =
      compare_posteriors(keys[0].posterior.grid(), probabilities[0], probabilities[1], settings);
  if (!comparison.lift)
    throw QueryError(409, "compare: the lift of \"" + std::string(keys[1].key) + "\" over \"" +
                              std::string(keys[0].key) + "\" is unbounded: p of \"" +
                              std::string(keys[0].key) + "\" may be 0");
  const LiftHistogram& histogram = comparison.lift->histogram;
  const double width = (histogram.upper - histogram.lower) / static_cast<double>(histogram.mass.size());
  event_engine::Series density{"Lift density", {}, {}, event_engine::SeriesStyle::line};
  event_engine::Series above{"", {}, {}, event_engine::SeriesStyle::area};
  for (std::size_t bin = 0; bin < histogram.mass.size(); ++bin) {
    const double centre = histogram.lower + (static_cast<double>(bin) + 0.5) * width;
    const double height = histogram.mass[bin] / width;
    // The shading starts at delta itself, its height read off the line between two bin centres.
    if (centre > settings.delta && above.x.empty() && !density.x.empty()) {
      const double share = (settings.delta - density.x.back()) / (centre - density.x.back());
      above.x.push_back(settings.delta);
      above.y.push_back(density.y.back() + share * (height - density.y.back()));
    }
    density.x.push_back(centre);
    density.y.push_back(height);
    if (centre > settings.delta) {
      above.x.push_back(centre);
      above.y.push_back(height);
    }
  }
  char delta[32];
  std::snprintf(delta, sizeof delta, "%g", settings.delta);
  above.name = "P(lift > " + std::string(delta) + ") = " + shown_probability(comparison.lift->p_above_delta);
  event_engine::ModelView view;
  view.title = std::string(keys[1].key) + " vs " + std::string(keys[0].key) +
               ": P(B > A) = " + shown_probability(comparison.p_b_beats_a);
  view.x_label = "Relative lift of B over A (p_B / p_A - 1)";
  view.y_label = "Density";
  view.tag = "compare";
  view.series.push_back(std::move(density));
  view.series.push_back(std::move(above));
  return view;
}

}  // namespace binomial_grid
