#include "adapter/model_snapshot.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace binomial_grid {
namespace {

constexpr int snapshot_format = 1;

[[noreturn]] void refuse(const std::string& reason) {
  throw std::runtime_error("binomial_grid snapshot: " + reason);
}

const nlohmann::json& field(const nlohmann::json& snapshot, const char* key) {
  const auto found = snapshot.find(key);
  if (found == snapshot.end()) refuse(std::string("no \"") + key + "\"");
  return *found;
}

std::uint64_t count_field(const nlohmann::json& snapshot, const char* key) {
  const nlohmann::json& count = field(snapshot, key);
  if (!count.is_number_unsigned()) refuse(std::string("\"") + key + "\" is not a count: " + count.dump());
  return count.get<std::uint64_t>();
}

std::vector<double> read_log_posterior(const nlohmann::json& snapshot, std::size_t grid_points) {
  const nlohmann::json& values = field(snapshot, "log_posterior");
  if (!values.is_array() || values.size() != grid_points) {
    refuse("\"log_posterior\" is not a list of " + std::to_string(grid_points) + " values");
  }
  std::vector<double> log_posterior;
  log_posterior.reserve(grid_points);
  for (const nlohmann::json& value : values) {
    if (value.is_null()) {
      log_posterior.push_back(-std::numeric_limits<double>::infinity());
    } else if (value.is_number()) {
      log_posterior.push_back(value.get<double>());
    } else {
      refuse("\"log_posterior\" holds " + value.dump() + ", not a number or null");
    }
  }
  return log_posterior;
}

}  // namespace

nlohmann::json write_snapshot(const GridPosterior& posterior, const nlohmann::json& prior) {
  nlohmann::json log_posterior = nlohmann::json::array();
  for (double value : posterior.log_posterior()) {
    log_posterior.push_back(value == -std::numeric_limits<double>::infinity() ? nlohmann::json(nullptr)
                                                                              : nlohmann::json(value));
  }
  return {{"model", "binomial_grid"},
          {"format", snapshot_format},
          {"grid_points", posterior.grid().size()},
          {"prior", prior},
          {"w", posterior.successes()},
          {"l", posterior.failures()},
          {"log_posterior", std::move(log_posterior)}};
}

namespace {

// Refuses a snapshot that is not binomial_grid's, or was taken with another grid size or prior.
// `why_different` says what a mismatch means where the snapshot came from.
void check_snapshot_fits(const GridPosterior& posterior, const nlohmann::json& prior,
                         const nlohmann::json& snapshot, const std::string& why_different) {
  if (!snapshot.is_object()) refuse("expected a JSON object, got " + snapshot.dump().substr(0, 60));
  if (field(snapshot, "model") != "binomial_grid") {
    refuse("taken from model " + field(snapshot, "model").dump() + ", not binomial_grid");
  }
  if (field(snapshot, "format") != snapshot_format) {
    refuse("format " + field(snapshot, "format").dump() + ", this model reads format " +
           std::to_string(snapshot_format));
  }
  const std::size_t grid_points = posterior.grid().size();
  if (field(snapshot, "grid_points") != grid_points) {
    refuse("taken with grid_points " + field(snapshot, "grid_points").dump() + ", but the config now says " +
           std::to_string(grid_points) + "; " + why_different);
  }
  if (field(snapshot, "prior") != prior) {
    refuse("taken with prior " + field(snapshot, "prior").dump().substr(0, 200) +
           ", but the config now says " + prior.dump().substr(0, 200) + "; " + why_different);
  }
}

}  // namespace

void restore_snapshot(GridPosterior& posterior, const nlohmann::json& prior, const nlohmann::json& snapshot) {
  check_snapshot_fits(posterior, prior, snapshot, "the config changed since the checkpoint was saved");
  const std::uint64_t successes = count_field(snapshot, "w");
  const std::uint64_t failures = count_field(snapshot, "l");
  posterior.restore(successes, failures, read_log_posterior(snapshot, posterior.grid().size()));
}

void merge_snapshot(GridPosterior& posterior, const nlohmann::json& prior, const nlohmann::json& snapshot) {
  check_snapshot_fits(posterior, prior, snapshot, "only states of models with the same config merge");
  const std::uint64_t successes = count_field(snapshot, "w");
  const std::uint64_t failures = count_field(snapshot, "l");
  const std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
  if (successes > most - posterior.successes() || failures > most - posterior.failures() ||
      successes + posterior.successes() > most - failures - posterior.failures()) {
    refuse("merging its counts would overflow the count of trials");
  }
  // The counts are sufficient statistics: add_trials rebuilds the log posterior from the prior and
  // the new totals, so the merged state is bit-identical to one model that applied every trial.
  posterior.add_trials(successes, failures);
}

}  // namespace binomial_grid
