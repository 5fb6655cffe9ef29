#include "seed_hash.hpp"

#include <stdexcept>

namespace redis_broker {
namespace {

// binomial_grid's summary keys under the seed's field names.
const nlohmann::json default_fields = {{"posterior", "/posterior"}, {"w", "/w"}, {"n", "/n"}};

// A bound on the config, which is outside input too: a hash of a few fields, not thousands.
constexpr std::size_t max_fields = 64;

}  // namespace

SeedHashLayout read_seed_hash_layout(const event_engine::ConfigReader& config) {
  SeedHashLayout layout;
  layout.key = config.string("seed_key", "");
  const nlohmann::json& fields = config.has("seed_fields") ? config.raw().at("seed_fields") : default_fields;
  if (!fields.is_object() || fields.empty() || fields.size() > max_fields) {
    config.fail("seed_fields",
                "expected an object of 1 to 64 fields, each a JSON pointer into the "
                "model's summary, e.g. {\"w\": \"/w\"}");
  }
  if (config.has("seed_fields") && layout.key.empty()) {
    config.fail("seed_fields", "has no effect without seed_key: set seed_key too (e.g. \"data\")");
  }
  for (const auto& [name, source] : fields.items()) {
    const std::string path = "seed_fields/" + name;
    if (name.empty()) config.fail("seed_fields", "expected non-empty field names");
    if (!source.is_string()) config.fail(path, "expected a JSON pointer string such as \"/w\"");
    try {
      layout.fields.push_back({name, nlohmann::json::json_pointer(source.get<std::string>())});
    } catch (const nlohmann::json::exception&) {
      config.fail(path, "expected a JSON pointer such as \"/w\" (\"/\" then the key), got " + source.dump());
    }
  }
  return layout;
}

std::vector<std::pair<std::string, std::string>> seed_hash_values(const SeedHashLayout& layout,
                                                                  const nlohmann::json& summary) {
  std::vector<std::pair<std::string, std::string>> values;
  values.reserve(layout.fields.size());
  for (const SeedHashField& field : layout.fields) {
    if (!summary.contains(field.source)) {
      throw std::runtime_error("the model's summary has no " + field.source.to_string() +
                               " for seed hash field \"" + field.name + "\" (seed_fields)");
    }
    const nlohmann::json& value = summary.at(field.source);
    values.emplace_back(field.name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return values;
}

}  // namespace redis_broker
