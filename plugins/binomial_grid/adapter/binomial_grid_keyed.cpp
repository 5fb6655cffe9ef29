// The binomial_grid model's keyed state: W and L per key in a copy-on-write table. A key's
// posterior is the prior updated with its counts in one step, which is the posterior the unkeyed
// model reaches over the same trials in any batching (the update is a sum of count * log term).
//
// Keyed snapshot: {"model": "binomial_grid", "format": 1, "grid_points": G, "prior": {...},
//                  "keyed": {"w": [W per slot], "l": [L per slot]}}
#include <limits>
#include <stdexcept>
#include <string>

#include "adapter/binomial_grid_model.hpp"
#include "adapter/posterior_summary.hpp"
#include "adapter/predict_query.hpp"
#include "adapter/prior_json.hpp"
#include "adapter/samples_query.hpp"

namespace binomial_grid {

bool BinomialGridModel::use_keys() {
  keyed_ = true;
  return true;
}

event_engine::ApplyResult BinomialGridModel::apply_keyed(const event_engine::EventBatch& values,
                                                         const std::vector<std::uint32_t>& slots,
                                                         std::uint32_t slot_count,
                                                         event_engine::RejectedEvents& rejected) {
  key_counts_.resize(slot_count);
  const char* const bytes = values.bytes().data();
  const auto& ends = values.ends();
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  std::uint32_t begin = 0;
  for (std::size_t index = 0; index < ends.size(); ++index) {
    const std::uint32_t end = ends[index];
    const TrialOutcome outcome = fixed_->tokens.classify(std::string_view(bytes + begin, end - begin));
    begin = end;
    if (outcome == TrialOutcome::unknown) [[unlikely]] {
      rejected.add(static_cast<std::uint32_t>(index), "not a success or failure token");
      continue;
    }
    TrialCounts& counts = key_counts_.write(slots[index]);
    if (outcome == TrialOutcome::success) {
      ++counts.successes;
      ++successes;
    } else {
      ++counts.failures;
      ++failures;
    }
  }
  key_totals_.successes += successes;
  key_totals_.failures += failures;
  return {successes + failures, values.size() - successes - failures};
}

std::uint64_t BinomialGridModel::events_of(std::uint32_t slot) const {
  if (slot >= key_counts_.size()) return 0;
  const TrialCounts& counts = key_counts_.read(slot);
  return counts.successes + counts.failures;
}

GridPosterior BinomialGridModel::posterior_of(std::uint32_t slot) const {
  GridPosterior posterior(fixed_->config.grid_points, fixed_->config.prior);
  if (slot < key_counts_.size()) {
    const TrialCounts& counts = key_counts_.read(slot);
    posterior.add_trials(counts.successes, counts.failures);
  }
  return posterior;
}

nlohmann::json BinomialGridModel::summary_of(std::uint32_t slot, bool compact) const {
  return posterior_summary(posterior_of(slot), prior_type_name(fixed_->config.prior),
                           fixed_->prior_probabilities, fixed_->config.interval_mass, compact);
}

event_engine::ModelView BinomialGridModel::view_of(std::uint32_t slot) const {
  return view_of_posterior(posterior_of(slot));
}

nlohmann::json BinomialGridModel::query_of(std::uint32_t slot, std::string_view name,
                                           const event_engine::QueryParameters& parameters) const {
  if (name == "predict") return answer_predict_query(posterior_of(slot), parameters);
  if (name == "samples") return answer_samples_query(posterior_of(slot), parameters);
  throw event_engine::QueryError(404, "the binomial_grid model answers no query named \"" +
                                          std::string(name.substr(0, 40)) +
                                          "\" (it answers: predict, samples)");
}

nlohmann::json BinomialGridModel::keyed_summary(bool compact) const {
  // The table as a whole: how many keys and trials; per key: GET /model?key=K.
  nlohmann::json summary{{"keyed", true},
                         {"keys", key_counts_.size()},
                         {"w", key_totals_.successes},
                         {"l", key_totals_.failures},
                         {"n", key_totals_.successes + key_totals_.failures},
                         {"grid_points", fixed_->config.grid_points},
                         {"prior_type", prior_type_name(fixed_->config.prior)},
                         {"interval_mass", fixed_->config.interval_mass}};
  if (!compact) summary["prior"] = fixed_->prior_probabilities;
  return summary;
}

event_engine::ModelView BinomialGridModel::keyed_view() const {
  event_engine::ModelView view;
  const std::vector<double> grid(posterior_.grid().begin(), posterior_.grid().end());
  view.title = "keys: " + std::to_string(key_counts_.size()) +
               ", n: " + std::to_string(key_totals_.successes + key_totals_.failures);
  view.x_label = "Proportion of w";
  view.y_label = "Probability";
  view.tag = "keys_" + std::to_string(key_counts_.size());
  view.series.push_back({"Prior", grid, fixed_->prior_probabilities, event_engine::SeriesStyle::dashed,
                         event_engine::SeriesRole::baseline});
  return view;
}

nlohmann::json BinomialGridModel::keyed_snapshot() const {
  nlohmann::json w = nlohmann::json::array();
  nlohmann::json l = nlohmann::json::array();
  w.get_ref<nlohmann::json::array_t&>().reserve(key_counts_.size());
  l.get_ref<nlohmann::json::array_t&>().reserve(key_counts_.size());
  for (std::uint32_t slot = 0; slot < key_counts_.size(); ++slot) {
    const TrialCounts& counts = key_counts_.read(slot);
    w.push_back(counts.successes);
    l.push_back(counts.failures);
  }
  return {{"model", "binomial_grid"},
          {"format", 1},
          {"grid_points", fixed_->config.grid_points},
          {"prior", fixed_->prior_json},
          {"keyed", {{"w", std::move(w)}, {"l", std::move(l)}}}};
}

void BinomialGridModel::restore_keyed(const nlohmann::json& snapshot) {
  const auto refuse = [](const std::string& reason) {
    throw std::runtime_error("binomial_grid keyed snapshot: " + reason);
  };
  if (!snapshot.is_object()) refuse("expected a JSON object");
  if (snapshot.value("model", nlohmann::json()) != "binomial_grid") refuse("not taken from binomial_grid");
  if (snapshot.value("grid_points", nlohmann::json()) != fixed_->config.grid_points)
    refuse("taken with another grid_points than the config now says");
  if (snapshot.value("prior", nlohmann::json()) != fixed_->prior_json)
    refuse("taken with another prior than the config now says");
  const auto keyed = snapshot.find("keyed");
  if (keyed == snapshot.end() || !keyed->is_object())
    refuse("no \"keyed\" table: the checkpoint was saved without process.keys");
  const nlohmann::json& w = keyed->value("w", nlohmann::json());
  const nlohmann::json& l = keyed->value("l", nlohmann::json());
  if (!w.is_array() || !l.is_array() || w.size() != l.size())
    refuse("\"w\" and \"l\" are not lists of one length");
  event_engine::CopyOnWriteTable<TrialCounts> counts;
  TrialCounts totals;
  counts.resize(static_cast<std::uint32_t>(w.size()));
  for (std::uint32_t slot = 0; slot < w.size(); ++slot) {
    if (!w[slot].is_number_unsigned() || !l[slot].is_number_unsigned())
      refuse("a count is not a whole number");
    TrialCounts& cell = counts.write(slot);
    cell.successes = w[slot].get<std::uint64_t>();
    cell.failures = l[slot].get<std::uint64_t>();
    totals.successes += cell.successes;
    totals.failures += cell.failures;
  }
  key_counts_ = std::move(counts);
  key_totals_ = totals;
}

}  // namespace binomial_grid
