// The seed's own layout of the model's knowledge, written beside the checkpoint: one Redis hash
// (the seed's "data") whose fields are values picked from the model's summary by JSON pointer. The
// store knows no model: which value goes in which field is config, with defaults that give the
// seed's fields for binomial_grid's summary (posterior as a JSON list, w, n).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "event_engine/config_reader.hpp"

namespace redis_broker {

struct SeedHashField {
  std::string name;                     // the hash field, e.g. "posterior"
  nlohmann::json::json_pointer source;  // where in the summary, e.g. "/posterior"
};

struct SeedHashLayout {
  std::string key;  // empty: no seed hash
  std::vector<SeedHashField> fields;
};

// Reads `seed_key` and `seed_fields` ({"field": "/json/pointer", ...}); throws
// event_engine::ConfigError naming the JSON path of a bad value.
SeedHashLayout read_seed_hash_layout(const event_engine::ConfigReader& config);

// The field values for `summary`: a string as it is, any other value as JSON text (a list stays a
// JSON list, a number its decimal text). Throws std::runtime_error naming a pointer the summary
// does not hold.
std::vector<std::pair<std::string, std::string>> seed_hash_values(const SeedHashLayout& layout,
                                                                  const nlohmann::json& summary);

}  // namespace redis_broker
