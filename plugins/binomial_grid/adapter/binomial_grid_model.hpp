// The binomial_grid model: a Bayesian Binomial model of the proportion of successes, updated by
// grid approximation (new prior = old posterior) from batches of success and failure tokens.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "adapter/binomial_grid_config.hpp"
#include "adapter/experiment_queries.hpp"
#include "adapter/forgetting_table.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/copy_on_write_table.hpp"
#include "event_engine/model.hpp"
#include "event_engine/plugin_context.hpp"
#include "math/count_trials.hpp"
#include "math/grid_posterior.hpp"
#include "math/trial_tokens.hpp"

namespace binomial_grid {

class BinomialGridModel final : public event_engine::Model {
 public:
  // `logger` may be null (nothing is logged then).
  BinomialGridModel(BinomialGridConfig config, std::shared_ptr<spdlog::logger> logger);

  event_engine::ApplyResult apply(const event_engine::EventBatch& batch,
                                  event_engine::RejectedEvents& rejected) override;
  // Copies the posterior (O(grid points)); the parts the config fixes are shared.
  std::unique_ptr<event_engine::Model> clone() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& snapshot) override;
  // The counts W and L are sufficient statistics: merging adds them. Discounted counts do not
  // add up exactly (a member's discount depends on its share of the events), so with forgetting
  // the state does not merge.
  bool mergeable() const noexcept override { return !fixed_->config.forgetting; }
  void merge(const nlohmann::json& snapshot) override;
  nlohmann::json summary(bool compact) const override;
  event_engine::ModelView view() const override;
  nlohmann::json query(std::string_view name, const event_engine::QueryParameters& parameters) const override;
  event_engine::ModelView query_view(std::string_view name,
                                     const event_engine::QueryParameters& parameters) const override;

  // Keyed state (binomial_grid_keyed.cpp): W and L per key, the sufficient statistics; a key's
  // posterior is derived on read from the shared prior, so a key costs 16 bytes. With forgetting,
  // discounted W and L per key instead (adapter/forgetting_table.hpp), 32 bytes a key.
  bool use_keys() override;
  event_engine::ApplyResult apply_keyed(const event_engine::EventBatch& values,
                                        const std::vector<std::uint32_t>& slots, std::uint32_t slot_count,
                                        event_engine::RejectedEvents& rejected) override;
  std::uint64_t events_of(std::uint32_t slot) const override;
  nlohmann::json summary_of(std::uint32_t slot, bool compact) const override;
  event_engine::ModelView view_of(std::uint32_t slot) const override;
  nlohmann::json query_of(std::uint32_t slot, std::string_view name,
                          const event_engine::QueryParameters& parameters) const override;
  // Adds another table's W and L to the slots the engine maps them to.
  void merge_keyed(const nlohmann::json& snapshot, const std::vector<std::uint32_t>& slot_map,
                   std::uint32_t slot_count) override;
  void keep_slots(const std::vector<std::uint32_t>& kept) override;
  // compare, best and srm over keys (adapter/experiment_queries.hpp).
  nlohmann::json query_keys(std::string_view name, const std::vector<event_engine::NamedSlot>& keys,
                            const event_engine::QueryParameters& parameters) const override;
  event_engine::ModelView query_keys_view(std::string_view name,
                                          const std::vector<event_engine::NamedSlot>& keys,
                                          const event_engine::QueryParameters& parameters) const override;

 private:
  // What the config fixes at construction: shared by a model and its clones, never changed.
  struct Fixed {
    BinomialGridConfig config;
    nlohmann::json prior_json;
    // The forgetting settings as the config wrote them; null without forgetting.
    nlohmann::json forgetting_json;
    TrialTokens tokens;
    std::vector<double> prior_probabilities;
    std::shared_ptr<spdlog::logger> logger;
  };

  BinomialGridModel(const BinomialGridModel&) = default;  // for clone()
  void warn_if_impossible() const;
  // The posterior and the prior as a picture: the unkeyed state's, or one key's.
  event_engine::ModelView view_of_posterior(const GridPosterior& posterior) const;
  // A key's posterior: the prior updated with its counts.
  GridPosterior posterior_of(std::uint32_t slot) const;
  std::vector<KeyPosterior> posteriors_of(const std::vector<event_engine::NamedSlot>& keys) const;
  nlohmann::json keyed_snapshot() const;
  void restore_keyed(const nlohmann::json& snapshot);
  // The "keyed" object of a keyed snapshot taken with this config; throws std::runtime_error
  // naming what does not fit.
  const nlohmann::json& keyed_part(const nlohmann::json& snapshot) const;
  // The counts of a keyed snapshot taken with this config, without forgetting.
  event_engine::CopyOnWriteTable<TrialCounts> read_keyed_snapshot(const nlohmann::json& snapshot) const;
  // With forgetting: a key's summary and picture show its discounted counts and events seen.
  nlohmann::json forgetting_summary_of(std::uint32_t slot, bool compact) const;
  nlohmann::json keyed_summary(bool compact) const;
  event_engine::ModelView keyed_view() const;

  GridPosterior posterior_;
  std::shared_ptr<const Fixed> fixed_;
  bool keyed_ = false;
  event_engine::CopyOnWriteTable<TrialCounts> key_counts_;
  TrialCounts key_totals_;
  // With forgetting, the keyed state in place of key_counts_ and key_totals_.
  std::optional<ForgettingTable> forgetting_;
};

// The factory the plugin library exports (event_engine::ModelFactory).
std::unique_ptr<event_engine::Model> create_binomial_grid_model(const event_engine::ConfigReader& config,
                                                                const event_engine::PluginContext& context);

}  // namespace binomial_grid
