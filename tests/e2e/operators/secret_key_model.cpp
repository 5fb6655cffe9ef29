// A model plugin with a secret config key (no shipped plugin takes a secret's value itself: the
// Redis password comes from password_env, a variable's name), for the environment values' tests:
// `validate` must not show what `api_token` was set to, `plugins` and `schema` must say it is secret.
#include "event_engine/plugin_api.hpp"

namespace secret_key_model {

class CountingModel final : public event_engine::Model {
 public:
  event_engine::ApplyResult apply(const event_engine::EventBatch& batch,
                                  event_engine::RejectedEvents&) override {
    return {batch.size(), 0};
  }
  std::unique_ptr<event_engine::Model> clone() const override { return std::make_unique<CountingModel>(); }
  nlohmann::json snapshot() const override { return nlohmann::json::object(); }
  void restore(const nlohmann::json&) override {}
  nlohmann::json summary(bool) const override { return nlohmann::json::object(); }
  event_engine::ModelView view() const override { return {}; }
};

std::unique_ptr<event_engine::Model> create(const event_engine::ConfigReader& config,
                                            const event_engine::PluginContext&) {
  config.string("api_token", "");
  config.string("region", "");
  return std::make_unique<CountingModel>();
}

constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"api_token", "string", R"("")", "Token for a remote service", true},
    {"region", "string", R"("")", "Where the remote service runs"}};
constexpr event_engine::PluginInfo plugins[] = {{"model", "secret_counter", "0.1.0",
                                                 "Counts events; takes a token (environment values' tests)",
                                                 config_keys, 2, "create_secret_counter"}};
extern const event_engine::LibraryManifest manifest = {EVENT_ENGINE_PLUGIN_API_VERSION,
                                                       EVENT_ENGINE_ABI_FINGERPRINT, plugins, 1};

}  // namespace secret_key_model

EVENT_ENGINE_EXPORT_MANIFEST(secret_key_model::manifest)
EVENT_ENGINE_EXPORT_FACTORY(secret_key_model::create, create_secret_counter)
