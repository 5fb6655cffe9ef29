// The binomial_grid model's keyed state: W and L per key in a copy-on-write table. A key's
// posterior is the prior updated with its counts in one step, which is the posterior the unkeyed
// model reaches over the same trials in any batching (the update is a sum of count * log term).
//
// Keyed snapshot: {"model": "binomial_grid", "format": 1, "grid_points": G, "prior": {...},
//                  "keyed": {"keys": K, "w": "W of slot 0,W of slot 1,...,", "l": "..."}}
// With forgetting the snapshot also holds "forgetting" as the config wrote it, and "keyed" the
// discounted counts (adapter/forgetting_table.hpp).
#include <charconv>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "adapter/binomial_grid_model.hpp"
#include "adapter/experiment_queries.hpp"
#include "adapter/posterior_summary.hpp"
#include "adapter/predict_query.hpp"
#include "adapter/prior_json.hpp"
#include "adapter/samples_query.hpp"

namespace binomial_grid {

bool BinomialGridModel::use_keys() {
  keyed_ = true;
  if (fixed_->config.forgetting) forgetting_.emplace(*fixed_->config.forgetting);
  return true;
}

event_engine::ApplyResult BinomialGridModel::apply_keyed(const event_engine::EventBatch& values,
                                                         const std::vector<std::uint32_t>& slots,
                                                         std::uint32_t slot_count,
                                                         event_engine::RejectedEvents& rejected) {
  if (forgetting_) return forgetting_->apply(values, slots, slot_count, fixed_->tokens, rejected);
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
  if (forgetting_) return forgetting_->counts_of(slot).events;
  if (slot >= key_counts_.size()) return 0;
  const TrialCounts& counts = key_counts_.read(slot);
  return counts.successes + counts.failures;
}

GridPosterior BinomialGridModel::posterior_of(std::uint32_t slot) const {
  GridPosterior posterior(fixed_->config.grid_points, fixed_->config.prior);
  if (forgetting_) {
    const DiscountedCounts counts = forgetting_->counts_of(slot);
    posterior.set_discounted_counts(counts.successes, counts.failures);
  } else if (slot < key_counts_.size()) {
    const TrialCounts& counts = key_counts_.read(slot);
    posterior.add_trials(counts.successes, counts.failures);
  }
  return posterior;
}

nlohmann::json BinomialGridModel::summary_of(std::uint32_t slot, bool compact) const {
  if (forgetting_) return forgetting_summary_of(slot, compact);
  return posterior_summary(posterior_of(slot), prior_type_name(fixed_->config.prior),
                           fixed_->prior_probabilities, fixed_->config.interval_mass, compact);
}

nlohmann::json BinomialGridModel::forgetting_summary_of(std::uint32_t slot, bool compact) const {
  const DiscountedCounts counts = forgetting_->counts_of(slot);
  nlohmann::json summary =
      posterior_summary(posterior_of(slot), prior_type_name(fixed_->config.prior),
                        fixed_->prior_probabilities, fixed_->config.interval_mass, compact);
  summary["n"] = counts.events;
  summary["effective_sample_size"] = counts.successes + counts.failures;
  summary["forgetting"] = fixed_->forgetting_json;
  return summary;
}

event_engine::ModelView BinomialGridModel::view_of(std::uint32_t slot) const {
  event_engine::ModelView view = view_of_posterior(posterior_of(slot));
  if (forgetting_) {
    // The discounted W and L are reals: the title shows the events seen and the effective size.
    const DiscountedCounts counts = forgetting_->counts_of(slot);
    char effective[32];
    std::snprintf(effective, sizeof effective, "%.1f", counts.successes + counts.failures);
    view.title = "n: " + std::to_string(counts.events) + ", effective n: " + effective +
                 " (forgetting), grid approx (" + std::to_string(fixed_->config.grid_points) + " points)";
    view.tag = "n_" + std::to_string(counts.events) + "_forgetting";
  }
  return view;
}

nlohmann::json BinomialGridModel::query_of(std::uint32_t slot, std::string_view name,
                                           const event_engine::QueryParameters& parameters) const {
  if (name == "predict") return answer_predict_query(posterior_of(slot), parameters);
  if (name == "samples") return answer_samples_query(posterior_of(slot), parameters);
  throw event_engine::QueryError(404, "the binomial_grid model answers no query named \"" +
                                          std::string(name.substr(0, 40)) +
                                          "\" (it answers: predict, samples)");
}

std::vector<KeyPosterior> BinomialGridModel::posteriors_of(
    const std::vector<event_engine::NamedSlot>& keys) const {
  std::vector<KeyPosterior> posteriors;
  posteriors.reserve(keys.size());
  for (const event_engine::NamedSlot& key : keys)
    posteriors.push_back({key.key, posterior_of(key.slot), events_of(key.slot)});
  return posteriors;
}

nlohmann::json BinomialGridModel::query_keys(std::string_view name,
                                             const std::vector<event_engine::NamedSlot>& keys,
                                             const event_engine::QueryParameters& parameters) const {
  if (!keyed_)
    throw event_engine::QueryError(400, std::string(name.substr(0, 40)) + ": this state keeps no keys");
  return answer_keys_query(name, posteriors_of(keys), parameters, fixed_->config.interval_mass);
}

event_engine::ModelView BinomialGridModel::query_keys_view(
    std::string_view name, const std::vector<event_engine::NamedSlot>& keys,
    const event_engine::QueryParameters& parameters) const {
  if (!keyed_)
    throw event_engine::QueryError(400, std::string(name.substr(0, 40)) + ": this state keeps no keys");
  return keys_query_view(name, posteriors_of(keys), parameters, fixed_->config.interval_mass);
}

nlohmann::json BinomialGridModel::keyed_summary(bool compact) const {
  if (forgetting_) {
    // Per key W and L are discounted, so the table shows only what adds up: keys and events.
    nlohmann::json summary{{"keyed", true},
                           {"keys", forgetting_->size()},
                           {"n", forgetting_->events()},
                           {"forgetting", fixed_->forgetting_json},
                           {"grid_points", fixed_->config.grid_points},
                           {"prior_type", prior_type_name(fixed_->config.prior)},
                           {"interval_mass", fixed_->config.interval_mass}};
    if (!compact) summary["prior"] = fixed_->prior_probabilities;
    return summary;
  }
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
  const std::uint32_t keys = forgetting_ ? forgetting_->size() : key_counts_.size();
  const std::uint64_t events =
      forgetting_ ? forgetting_->events() : key_totals_.successes + key_totals_.failures;
  view.title = "keys: " + std::to_string(keys) + ", n: " + std::to_string(events);
  view.x_label = "Proportion of w";
  view.y_label = "Probability";
  view.tag = "keys_" + std::to_string(keys);
  view.series.push_back({"Prior", grid, fixed_->prior_probabilities, event_engine::SeriesStyle::dashed,
                         event_engine::SeriesRole::baseline});
  return view;
}

namespace {

// A million counts as one string of decimal numbers, each followed by ",": one JSON value instead
// of a million, so a checkpoint at a million keys costs its bytes, not a JSON node per count.
std::string joined_counts(const event_engine::CopyOnWriteTable<TrialCounts>& table,
                          std::uint64_t TrialCounts::*count) {
  std::string text;
  text.reserve(static_cast<std::size_t>(table.size()) * 4);
  char digits[24];
  for (std::uint32_t slot = 0; slot < table.size(); ++slot) {
    const auto written = std::to_chars(digits, digits + sizeof digits, table.read(slot).*count);
    text.append(digits, written.ptr).push_back(',');
  }
  return text;
}

// The counts joined_counts wrote, into `count` of each cell; false when the text is not `slots`
// numbers each followed by ",".
bool read_counts(std::string_view text, std::uint32_t slots,
                 event_engine::CopyOnWriteTable<TrialCounts>& table, std::uint64_t TrialCounts::*count) {
  for (std::uint32_t slot = 0; slot < slots; ++slot) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() + text.size() || *end != ',') return false;
    table.write(slot).*count = value;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
  }
  return text.empty();
}

}  // namespace

nlohmann::json BinomialGridModel::keyed_snapshot() const {
  if (forgetting_) {
    return {{"model", "binomial_grid"},
            {"format", 1},
            {"grid_points", fixed_->config.grid_points},
            {"prior", fixed_->prior_json},
            {"forgetting", fixed_->forgetting_json},
            {"keyed", forgetting_->keyed_json()}};
  }
  return {{"model", "binomial_grid"},
          {"format", 1},
          {"grid_points", fixed_->config.grid_points},
          {"prior", fixed_->prior_json},
          {"keyed",
           {{"keys", key_counts_.size()},
            {"w", joined_counts(key_counts_, &TrialCounts::successes)},
            {"l", joined_counts(key_counts_, &TrialCounts::failures)}}}};
}

const nlohmann::json& BinomialGridModel::keyed_part(const nlohmann::json& snapshot) const {
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
  if (keyed == snapshot.end() || !keyed->is_object() || !keyed->contains("keys") || !keyed->contains("w") ||
      !keyed->contains("l"))
    refuse("no \"keyed\" table of keys, w and l: the checkpoint was saved without process.keys");
  const nlohmann::json forgetting = snapshot.value("forgetting", nlohmann::json());
  if (forgetting != fixed_->forgetting_json)
    refuse("taken with forgetting " + (forgetting.is_null() ? std::string("off") : forgetting.dump()) +
           ", the config now says " +
           (fixed_->forgetting_json.is_null() ? std::string("off") : fixed_->forgetting_json.dump()) +
           " (start with --reset-state to change it)");
  return *keyed;
}

event_engine::CopyOnWriteTable<TrialCounts> BinomialGridModel::read_keyed_snapshot(
    const nlohmann::json& snapshot) const {
  const auto refuse = [](const std::string& reason) {
    throw std::runtime_error("binomial_grid keyed snapshot: " + reason);
  };
  const nlohmann::json& keyed = keyed_part(snapshot);
  const nlohmann::json& keys = keyed.at("keys");
  if (!keys.is_number_unsigned() || keys.get<std::uint64_t>() > UINT32_MAX) refuse("\"keys\" is not a count");
  if (!keyed.at("w").is_string() || !keyed.at("l").is_string()) refuse("\"w\" and \"l\" are not strings");
  const auto slots = static_cast<std::uint32_t>(keys.get<std::uint64_t>());
  event_engine::CopyOnWriteTable<TrialCounts> counts;
  counts.resize(slots);
  if (!read_counts(keyed.at("w").get_ref<const std::string&>(), slots, counts, &TrialCounts::successes) ||
      !read_counts(keyed.at("l").get_ref<const std::string&>(), slots, counts, &TrialCounts::failures))
    refuse("\"w\" and \"l\" are not " + std::to_string(slots) + " whole numbers, each followed by \",\"");
  return counts;
}

namespace {

// The sums over every slot; throws when they overflow (a snapshot's counts are outside input).
TrialCounts totals_of(const event_engine::CopyOnWriteTable<TrialCounts>& counts) {
  TrialCounts totals;
  for (std::uint32_t slot = 0; slot < counts.size(); ++slot) {
    const TrialCounts& cell = counts.read(slot);
    if (cell.successes > UINT64_MAX - totals.successes || cell.failures > UINT64_MAX - totals.failures)
      throw std::runtime_error("binomial_grid keyed snapshot: the counts overflow");
    totals.successes += cell.successes;
    totals.failures += cell.failures;
  }
  return totals;
}

}  // namespace

void BinomialGridModel::restore_keyed(const nlohmann::json& snapshot) {
  if (forgetting_) return forgetting_->restore_keyed(keyed_part(snapshot));
  event_engine::CopyOnWriteTable<TrialCounts> counts = read_keyed_snapshot(snapshot);
  key_totals_ = totals_of(counts);
  key_counts_ = std::move(counts);
}

void BinomialGridModel::merge_keyed(const nlohmann::json& snapshot,
                                    const std::vector<std::uint32_t>& slot_map, std::uint32_t slot_count) {
  if (!keyed_) throw std::runtime_error("binomial_grid: an unkeyed state merges with merge()");
  if (forgetting_)
    throw std::runtime_error(
        "binomial_grid: a state with forgetting does not merge (discounted counts do not add up exactly)");
  const event_engine::CopyOnWriteTable<TrialCounts> other = read_keyed_snapshot(snapshot);
  if (other.size() != slot_map.size())
    throw std::runtime_error("binomial_grid keyed snapshot: it holds " + std::to_string(other.size()) +
                             " keys, the engine mapped " + std::to_string(slot_map.size()));
  const TrialCounts added = totals_of(other);
  // Checked before anything changes, so a refused merge leaves the state as it was: a cell's sum
  // is at most the table's total, so totals that do not overflow mean no cell does.
  if (added.successes > UINT64_MAX - key_totals_.successes ||
      added.failures > UINT64_MAX - key_totals_.failures)
    throw std::runtime_error("binomial_grid keyed snapshot: the merged counts overflow");
  for (const std::uint32_t slot : slot_map) {
    if (slot >= slot_count) throw std::runtime_error("binomial_grid: a mapped slot is beyond slot_count");
  }
  key_counts_.resize(slot_count);
  for (std::uint32_t slot = 0; slot < other.size(); ++slot) {
    TrialCounts& cell = key_counts_.write(slot_map[slot]);
    cell.successes += other.read(slot).successes;
    cell.failures += other.read(slot).failures;
  }
  key_totals_.successes += added.successes;
  key_totals_.failures += added.failures;
}

void BinomialGridModel::keep_slots(const std::vector<std::uint32_t>& kept) {
  if (forgetting_) return forgetting_->keep_slots(kept);
  key_counts_.keep_only(kept);
  key_totals_ = totals_of(key_counts_);
}

}  // namespace binomial_grid
