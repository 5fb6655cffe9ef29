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

// A count as the events carry it: digits only.
bool parse_count(std::string_view text, std::uint64_t& count) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

// The sufficient statistics: how many counts, and their sum.
struct Totals {
  std::uint64_t n = 0;
  std::uint64_t sum = 0;
};

class PoissonGammaModel final : public event_engine::Model {
 public:
  PoissonGammaModel(double shape, double rate) : prior_shape_(shape), prior_rate_(rate) {}

  event_engine::ApplyResult apply(const EventBatch& batch, event_engine::RejectedEvents& rejected) override {
    event_engine::ApplyResult result;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      std::uint64_t count = 0;
      if (!parse_count(batch[i], count)) {
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

  // Keyed state (plugin API versions 4 and 5): n and sum per key, in a table whose chunks the clones
  // share until apply writes to them, so publishing a state per batch copies what the batch touched.
  bool use_keys() override {
    keyed_ = true;
    return true;
  }

  event_engine::ApplyResult apply_keyed(const EventBatch& values, const std::vector<std::uint32_t>& slots,
                                        std::uint32_t slot_count,
                                        event_engine::RejectedEvents& rejected) override {
    per_key_.resize(slot_count);
    event_engine::ApplyResult result;
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::uint64_t count = 0;
      if (!parse_count(values[i], count)) {
        rejected.add(static_cast<std::uint32_t>(i), "not a non-negative integer count");
        ++result.rejected;
        continue;
      }
      Totals& totals = per_key_.write(slots[i]);
      totals.sum += count;
      ++totals.n;
      sum_ += count;
      ++n_;
      ++result.accepted;
    }
    return result;
  }

  std::uint64_t events_of(std::uint32_t slot) const override { return totals_of(slot).n; }
  nlohmann::json summary_of(std::uint32_t slot, bool) const override {
    return summary_from(totals_of(slot).n, totals_of(slot).sum);
  }
  event_engine::ModelView view_of(std::uint32_t slot) const override {
    return view_from(totals_of(slot).n, totals_of(slot).sum);
  }

  // Readers (GET /model, plots) use a copy published after each batch, never this object while
  // apply() changes it: two counts and two doubles, and the keyed table's chunk pointers.
  std::unique_ptr<event_engine::Model> clone() const override {
    return std::make_unique<PoissonGammaModel>(*this);
  }

  nlohmann::json snapshot() const override {
    if (!keyed_) return {{"n", n_}, {"sum", sum_}};
    nlohmann::json n = nlohmann::json::array();
    nlohmann::json sum = nlohmann::json::array();
    for (std::uint32_t slot = 0; slot < per_key_.size(); ++slot) {
      n.push_back(per_key_.read(slot).n);
      sum.push_back(per_key_.read(slot).sum);
    }
    return {{"n", n_}, {"sum", sum_}, {"keyed", {{"n", std::move(n)}, {"sum", std::move(sum)}}}};
  }

  // Refuses, naming the field, anything but counts: a checkpoint is outside bytes, and a
  // negative or fractional number would otherwise be cast silently (-1 read as 2^64 - 1).
  void restore(const nlohmann::json& snapshot) override {
    const std::uint64_t n = count(snapshot, "n");
    const std::uint64_t sum = count(snapshot, "sum");
    if (keyed_) per_key_ = keyed_table(snapshot);
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

  // A keyed snapshot merges per key: its slot i adds to this table's slot slot_map[i].
  void merge_keyed(const nlohmann::json& snapshot, const std::vector<std::uint32_t>& slot_map,
                   std::uint32_t slot_count) override {
    const event_engine::CopyOnWriteTable<Totals> other = keyed_table(snapshot);
    const std::uint64_t n = count(snapshot, "n");
    const std::uint64_t sum = count(snapshot, "sum");
    if (other.size() != slot_map.size())
      throw std::runtime_error("poisson_gamma snapshot: not one slot per key");
    // Checked before anything changes; a cell's count is at most the total, so no cell overflows.
    if (n > UINT64_MAX - n_ || sum > UINT64_MAX - sum_)
      throw std::runtime_error("poisson_gamma snapshot: merging its counts would overflow");
    for (const std::uint32_t slot : slot_map)
      if (slot >= slot_count) throw std::runtime_error("poisson_gamma: a mapped slot is beyond slot_count");
    per_key_.resize(slot_count);
    for (std::uint32_t slot = 0; slot < other.size(); ++slot) {
      Totals& totals = per_key_.write(slot_map[slot]);
      totals.n += other.read(slot).n;
      totals.sum += other.read(slot).sum;
    }
    n_ += n;
    sum_ += sum;
  }

  // Removed and expired keys leave the totals too.
  void keep_slots(const std::vector<std::uint32_t>& kept) override {
    per_key_.keep_only(kept);
    n_ = 0;
    sum_ = 0;
    for (std::uint32_t slot = 0; slot < per_key_.size(); ++slot) {
      n_ += per_key_.read(slot).n;
      sum_ += per_key_.read(slot).sum;
    }
  }

  nlohmann::json summary(bool) const override {
    nlohmann::json summary = summary_from(n_, sum_);
    if (keyed_) summary["keys"] = per_key_.size();
    return summary;
  }

  event_engine::ModelView view() const override { return view_from(n_, sum_); }

 private:
  Totals totals_of(std::uint32_t slot) const {
    return slot < per_key_.size() ? per_key_.read(slot) : Totals{};
  }

  nlohmann::json summary_from(std::uint64_t n, std::uint64_t sum) const {
    const double shape = prior_shape_ + static_cast<double>(sum);
    const double rate = prior_rate_ + static_cast<double>(n);
    return {{"n", n},       {"sum", sum},           {"shape", shape},
            {"rate", rate}, {"mean", shape / rate}, {"sd", std::sqrt(shape) / rate}};
  }

  event_engine::ModelView view_from(std::uint64_t n, std::uint64_t sum) const {
    const double shape = prior_shape_ + static_cast<double>(sum);
    const double rate = prior_rate_ + static_cast<double>(n);
    event_engine::ModelView view;
    view.title = "Poisson rate, n: " + std::to_string(n);
    view.x_label = "Rate";
    view.y_label = "Density";
    view.tag = "n_" + std::to_string(n) + "_sum_" + std::to_string(sum);
    const double upper = shape / rate + 4 * std::sqrt(shape) / rate;
    view.series.push_back(density("Posterior", shape, rate, upper, event_engine::SeriesStyle::line));
    view.series.back().role = event_engine::SeriesRole::state;
    view.series.push_back(
        density("Prior", prior_shape_, prior_rate_, upper, event_engine::SeriesStyle::dashed));
    return view;
  }

  static event_engine::CopyOnWriteTable<Totals> keyed_table(const nlohmann::json& snapshot) {
    const auto keyed = snapshot.find("keyed");
    if (keyed == snapshot.end() || !keyed->is_object() || !keyed->contains("n") || !keyed->contains("sum") ||
        !keyed->at("n").is_array() || !keyed->at("sum").is_array() ||
        keyed->at("n").size() != keyed->at("sum").size())
      throw std::runtime_error("poisson_gamma snapshot: no \"keyed\" lists of n and sum");
    event_engine::CopyOnWriteTable<Totals> table;
    table.resize(static_cast<std::uint32_t>(keyed->at("n").size()));
    for (std::uint32_t slot = 0; slot < table.size(); ++slot) {
      const nlohmann::json& n = keyed->at("n")[slot];
      const nlohmann::json& sum = keyed->at("sum")[slot];
      if (!n.is_number_unsigned() || !sum.is_number_unsigned())
        throw std::runtime_error("poisson_gamma snapshot: a keyed count is not a count");
      table.write(slot) = Totals{n.get<std::uint64_t>(), sum.get<std::uint64_t>()};
    }
    return table;
  }

  static std::uint64_t count(const nlohmann::json& snapshot, const char* key) {
    if (!snapshot.is_object() || !snapshot.contains(key) || !snapshot.at(key).is_number_unsigned()) {
      throw std::runtime_error(std::string("poisson_gamma snapshot: \"") + key + "\" is not a count");
    }
    return snapshot.at(key).get<std::uint64_t>();
  }

  // The Gamma density over [0, upper] (the posterior's mean + 4 sd, so both curves share the x axis).
  static event_engine::Series density(const std::string& name, double shape, double rate, double upper,
                                      event_engine::SeriesStyle style) {
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
  bool keyed_ = false;
  event_engine::CopyOnWriteTable<Totals> per_key_;
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
