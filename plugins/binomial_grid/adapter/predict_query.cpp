#include "adapter/predict_query.hpp"

#include <cstdint>
#include <string>

#include "adapter/posterior_summary.hpp"
#include "adapter/query_parameters.hpp"
#include "math/normalise_log_weights.hpp"
#include "math/posterior_predictive.hpp"

namespace binomial_grid {
namespace {

constexpr std::uint64_t max_trials = 10'000;
constexpr std::uint64_t max_draws = 1'000'000;

struct PredictRequest {
  std::uint32_t trials;
  std::uint32_t draws;
  std::uint64_t seed;
};

PredictRequest read_predict_request(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters) {
  refuse_unknown_parameters("predict", parameters, {"trials", "draws", "seed"});
  const PredictRequest request{
      static_cast<std::uint32_t>(integer_parameter("predict", parameters, "trials", 1, max_trials)),
      static_cast<std::uint32_t>(integer_parameter("predict", parameters, "draws", 1, max_draws)),
      seed_parameter("predict", parameters)};
  if (posterior.impossible()) {
    throw event_engine::QueryError(409, "predict: " + impossible_data_message(posterior));
  }
  return request;
}

PredictiveDraws draw(const GridPosterior& posterior, const PredictRequest& request) {
  return sample_posterior_predictive(posterior.grid(), normalise_log_weights(posterior.log_posterior()),
                                     request.trials, request.draws, request.seed);
}

}  // namespace

nlohmann::json answer_predict_query(const GridPosterior& posterior,
                                    const event_engine::QueryParameters& parameters) {
  const PredictRequest request = read_predict_request(posterior, parameters);
  const PredictiveDraws predicted = draw(posterior, request);
  return {{"trials", request.trials},
          {"draws", request.draws},
          {"seed", request.seed},
          {"histogram", predicted.histogram},
          {"mean", predicted.mean}};
}

event_engine::ModelView predict_query_view(const GridPosterior& posterior,
                                           const event_engine::QueryParameters& parameters) {
  const PredictRequest request = read_predict_request(posterior, parameters);
  const PredictiveDraws predicted = draw(posterior, request);
  event_engine::Series bars{"", {}, {}, event_engine::SeriesStyle::bars, event_engine::SeriesRole::other};
  bars.x.reserve(predicted.histogram.size());
  bars.y.reserve(predicted.histogram.size());
  for (std::size_t count = 0; count < predicted.histogram.size(); ++count) {
    bars.x.push_back(static_cast<double>(count));
    bars.y.push_back(static_cast<double>(predicted.histogram[count]));
  }
  event_engine::ModelView view;
  view.title = "Posterior predictive distribution";
  view.x_label = "Predicted w count";
  view.y_label = "Frequency";
  view.tag = "predict_trials_" + std::to_string(request.trials) + "_draws_" + std::to_string(request.draws);
  view.series.push_back(std::move(bars));
  return view;
}

}  // namespace binomial_grid
