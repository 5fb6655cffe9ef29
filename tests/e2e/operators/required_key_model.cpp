// A model plugin with a required config key (no shipped plugin has one), for the schema's tests:
// a config that leaves `rate` out is refused by `validate` and must be invalid under the schema.
#include "event_engine/plugin_api.hpp"

namespace required_key_model {

class RateModel final : public event_engine::Model {
 public:
  event_engine::ApplyResult apply(const event_engine::EventBatch& batch,
                                  event_engine::RejectedEvents&) override {
    return {batch.size(), 0};
  }
  std::unique_ptr<event_engine::Model> clone() const override { return std::make_unique<RateModel>(); }
  nlohmann::json snapshot() const override { return nlohmann::json::object(); }
  void restore(const nlohmann::json&) override {}
  nlohmann::json summary(bool) const override { return nlohmann::json::object(); }
  event_engine::ModelView view() const override { return {}; }
};

std::unique_ptr<event_engine::Model> create(const event_engine::ConfigReader& config,
                                            const event_engine::PluginContext&) {
  if (!config.has("rate")) config.fail("rate", "expected a number");
  config.number("rate", 0);
  return std::make_unique<RateModel>();
}

constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"rate", "number", nullptr, "Events per second (required)"}};
constexpr event_engine::PluginInfo plugins[] = {
    {"model", "rate", "0.1.0", "Needs a rate (schema tests)", config_keys, 1, "create_rate_model"}};
extern const event_engine::LibraryManifest manifest = {EVENT_ENGINE_PLUGIN_API_VERSION,
                                                       EVENT_ENGINE_ABI_FINGERPRINT, plugins, 1};

}  // namespace required_key_model

EVENT_ENGINE_EXPORT_MANIFEST(required_key_model::manifest)
EVENT_ENGINE_EXPORT_FACTORY(required_key_model::create, create_rate_model)
