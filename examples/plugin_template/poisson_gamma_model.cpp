#include "poisson_gamma_model.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace poisson_gamma {

using event_engine::ConfigReader;
using event_engine::EventBatch;
using event_engine::PluginContext;

namespace {

class PoissonGammaModel final : public event_engine::Model {
 public:
  PoissonGammaModel(double shape, double rate) : prior_shape_(shape), prior_rate_(rate) {}

  event_engine::ApplyResult apply(const EventBatch& batch, event_engine::RejectedEvents& rejected) override {
    event_engine::ApplyResult result;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const std::string_view text = batch[i];
      std::uint64_t count = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
      if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        rejected.add(static_cast<std::uint32_t>(i), "not a non-negative integer count");
        ++result.rejected;
        continue;
      }
      sum_ += count;
      ++n_;
      ++result.accepted;
    }
    return result;
  }

  // Readers (GET /model, plots) use a copy published after each batch, never this object while
  // apply() changes it. The state is two counts and two doubles: a plain copy.
  std::unique_ptr<event_engine::Model> clone() const override {
    return std::make_unique<PoissonGammaModel>(*this);
  }

  nlohmann::json snapshot() const override { return {{"n", n_}, {"sum", sum_}}; }

  // Refuses, naming the field, anything but two counts: a checkpoint is outside bytes, and a
  // negative or fractional number would otherwise be cast silently (-1 read as 2^64 - 1).
  void restore(const nlohmann::json& snapshot) override {
    const std::uint64_t n = count(snapshot, "n");
    const std::uint64_t sum = count(snapshot, "sum");
    n_ = n;
    sum_ = sum;
  }

  // Mergeable state (plugin API version 3): n and sum are sufficient statistics, so the state of
  // several disjoint shares of a stream is their sums, in any order, with a fresh model (n = sum =
  // 0) as the identity. The posterior is computed from the prior and the totals when asked for,
  // never accumulated, so a merged model is exactly the model that saw every count. The snapshot
  // holds counts only, which mean the same under any prior: the merged model's prior is its own.
  bool mergeable() const noexcept override { return true; }

  void merge(const nlohmann::json& snapshot) override {
    const std::uint64_t n = count(snapshot, "n");
    const std::uint64_t sum = count(snapshot, "sum");
    // Checked before anything changes: a refused merge leaves the state as it was.
    if (n > UINT64_MAX - n_ || sum > UINT64_MAX - sum_) {
      throw std::runtime_error("poisson_gamma snapshot: merging its counts would overflow");
    }
    n_ += n;
    sum_ += sum;
  }

  nlohmann::json summary(bool) const override {
    const double shape = posterior_shape();
    const double rate = posterior_rate();
    return {{"n", n_},      {"sum", sum_},          {"shape", shape},
            {"rate", rate}, {"mean", shape / rate}, {"sd", std::sqrt(shape) / rate}};
  }

  event_engine::ModelView view() const override {
    event_engine::ModelView view;
    view.title = "Poisson rate, n: " + std::to_string(n_);
    view.x_label = "Rate";
    view.y_label = "Density";
    view.tag = "n_" + std::to_string(n_) + "_sum_" + std::to_string(sum_);
    view.series.push_back(
        density("Posterior", posterior_shape(), posterior_rate(), event_engine::SeriesStyle::line));
    view.series.push_back(density("Prior", prior_shape_, prior_rate_, event_engine::SeriesStyle::dashed));
    return view;
  }

 private:
  static std::uint64_t count(const nlohmann::json& snapshot, const char* key) {
    if (!snapshot.is_object() || !snapshot.contains(key) || !snapshot.at(key).is_number_unsigned()) {
      throw std::runtime_error(std::string("poisson_gamma snapshot: \"") + key + "\" is not a count");
    }
    return snapshot.at(key).get<std::uint64_t>();
  }

  double posterior_shape() const { return prior_shape_ + static_cast<double>(sum_); }
  double posterior_rate() const { return prior_rate_ + static_cast<double>(n_); }

  // The Gamma density over [0, mean + 4 sd] of the posterior, so both curves share the x axis.
  event_engine::Series density(const std::string& name, double shape, double rate,
                               event_engine::SeriesStyle style) const {
    const double upper =
        posterior_shape() / posterior_rate() + 4 * std::sqrt(posterior_shape()) / posterior_rate();
    event_engine::Series series{name, {}, {}, style};
    for (int i = 1; i <= 200; ++i) {
      const double x = upper * i / 200;
      series.x.push_back(x);
      series.y.push_back(
          std::exp(shape * std::log(rate) - std::lgamma(shape) + (shape - 1) * std::log(x) - rate * x));
    }
    return series;
  }

  double prior_shape_;
  double prior_rate_;
  std::uint64_t n_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace

std::unique_ptr<event_engine::Model> create(const ConfigReader& config, const PluginContext&) {
  const double shape = config.number("prior_shape", 1.0);
  if (!(shape > 0)) config.fail("prior_shape", "expected a number > 0");
  const double rate = config.number("prior_rate", 1.0);
  if (!(rate > 0)) config.fail("prior_rate", "expected a number > 0");
  return std::make_unique<PoissonGammaModel>(shape, rate);
}

}  // namespace poisson_gamma
