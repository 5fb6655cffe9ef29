#include "adapter/binomial_grid_model.hpp"

#include <string>

#include "adapter/model_snapshot.hpp"
#include "adapter/posterior_summary.hpp"
#include "adapter/predict_query.hpp"
#include "adapter/prior_json.hpp"
#include "adapter/samples_query.hpp"
#include "math/count_trials.hpp"
#include "math/normalise_log_weights.hpp"

namespace binomial_grid {

BinomialGridModel::BinomialGridModel(BinomialGridConfig config, std::shared_ptr<spdlog::logger> logger)
    : posterior_(config.grid_points, config.prior) {
  TrialTokens tokens(config.success_tokens, config.failure_tokens);
  nlohmann::json prior_json = prior_to_json(config.prior);
  nlohmann::json forgetting_json = forgetting_to_json(config.forgetting);
  fixed_ = std::make_shared<const Fixed>(
      Fixed{std::move(config), std::move(prior_json), std::move(forgetting_json), std::move(tokens),
            normalise_log_weights(posterior_.log_prior()), std::move(logger)});
}

std::unique_ptr<event_engine::Model> BinomialGridModel::clone() const {
  return std::unique_ptr<event_engine::Model>(new BinomialGridModel(*this));
}

event_engine::ApplyResult BinomialGridModel::apply(const event_engine::EventBatch& batch,
                                                   event_engine::RejectedEvents& rejected) {
  // Forgetting discounts per key; the plugin API has no hook to refuse the config at start, so an
  // unkeyed pipeline's events are refused here, each with the reason, and never applied.
  if (fixed_->config.forgetting) {
    for (std::size_t index = 0; index < batch.size(); ++index)
      rejected.add(static_cast<std::uint32_t>(index), "forgetting needs process.keys");
    return {0, batch.size()};
  }
  const TrialCounts counts = count_trials(batch, fixed_->tokens, [&rejected](std::size_t index) {
    rejected.add(static_cast<std::uint32_t>(index), "not a success or failure token");
  });
  const std::uint64_t accepted = counts.successes + counts.failures;
  if (accepted == 0) return {0, batch.size()};
  const bool was_impossible = posterior_.impossible();
  posterior_.add_trials(counts.successes, counts.failures);
  // Impossible data stay impossible, so this logs once per model, not once per batch.
  if (!was_impossible) warn_if_impossible();
  return {accepted, batch.size() - accepted};
}

nlohmann::json BinomialGridModel::snapshot() const {
  if (keyed_) return keyed_snapshot();
  return write_snapshot(posterior_, fixed_->prior_json);
}

void BinomialGridModel::restore(const nlohmann::json& snapshot) {
  if (keyed_) return restore_keyed(snapshot);
  restore_snapshot(posterior_, fixed_->prior_json, snapshot);
  warn_if_impossible();
}

void BinomialGridModel::merge(const nlohmann::json& snapshot) {
  if (keyed_) throw std::runtime_error("binomial_grid: a keyed state merges per key (merge_keyed)");
  merge_snapshot(posterior_, fixed_->prior_json, snapshot);
  warn_if_impossible();
}

nlohmann::json BinomialGridModel::summary(bool compact) const {
  if (keyed_) return keyed_summary(compact);
  return posterior_summary(posterior_, prior_type_name(fixed_->config.prior), fixed_->prior_probabilities,
                           fixed_->config.interval_mass, compact);
}

event_engine::ModelView BinomialGridModel::view() const {
  if (keyed_) return keyed_view();
  return view_of_posterior(posterior_);
}

event_engine::ModelView BinomialGridModel::view_of_posterior(const GridPosterior& posterior) const {
  const std::vector<double> grid(posterior.grid().begin(), posterior.grid().end());
  const std::uint64_t w = posterior.successes();
  const std::uint64_t n = w + posterior.failures();
  event_engine::ModelView view;
  view.title = "w: " + std::to_string(w) + ", n: " + std::to_string(n) + ", grid approx (" +
               std::to_string(grid.size()) + " points)";
  view.x_label = "Proportion of w";
  view.y_label = "Probability";
  view.tag = "n_" + std::to_string(n) + "_w_" + std::to_string(w);
  view.series.push_back({"Posterior", grid, normalise_log_weights(posterior.log_posterior()),
                         event_engine::SeriesStyle::line_with_markers, event_engine::SeriesRole::state});
  // A baseline: visualisers may draw the previous picture's posterior here (new prior = old
  // posterior), as the seed's update plots do.
  view.series.push_back({"Prior", grid, fixed_->prior_probabilities, event_engine::SeriesStyle::dashed,
                         event_engine::SeriesRole::baseline});
  return view;
}

nlohmann::json BinomialGridModel::query(std::string_view name,
                                        const event_engine::QueryParameters& parameters) const {
  if (name == "predict") return answer_predict_query(posterior_, parameters);
  if (name == "samples") return answer_samples_query(posterior_, parameters);
  throw event_engine::QueryError(404, "the binomial_grid model answers no query named \"" +
                                          std::string(name.substr(0, 40)) +
                                          "\" (it answers: predict, samples)");
}

event_engine::ModelView BinomialGridModel::query_view(std::string_view name,
                                                      const event_engine::QueryParameters& parameters) const {
  if (name == "predict") return predict_query_view(posterior_, parameters);
  throw event_engine::QueryError(404, "the binomial_grid model draws no query named \"" +
                                          std::string(name.substr(0, 40)) + "\" (it draws: predict)");
}

void BinomialGridModel::warn_if_impossible() const {
  if (posterior_.impossible() && fixed_->logger) {
    fixed_->logger->warn("binomial_grid: {}", impossible_data_message(posterior_));
  }
}

std::unique_ptr<event_engine::Model> create_binomial_grid_model(const event_engine::ConfigReader& config,
                                                                const event_engine::PluginContext& context) {
  return std::make_unique<BinomialGridModel>(read_binomial_grid_config(config), context.logger);
}

}  // namespace binomial_grid
