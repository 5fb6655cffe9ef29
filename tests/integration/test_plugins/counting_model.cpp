// A small model plugin for the loader's tests. Compile definitions make variants of it: another
// API version, another build fingerprint, a factory that throws, another plugin name.
#include <stdexcept>

#include "event_engine/plugin_api.hpp"

#ifndef TEST_PLUGIN_NAME
#define TEST_PLUGIN_NAME "counting"
#endif
#ifndef TEST_API_VERSION
#define TEST_API_VERSION EVENT_ENGINE_PLUGIN_API_VERSION
#endif
#ifndef TEST_FINGERPRINT
#define TEST_FINGERPRINT EVENT_ENGINE_ABI_FINGERPRINT
#endif

namespace counting_model {

class CountingModel final : public event_engine::Model {
 public:
  explicit CountingModel(std::int64_t step) : step_(step) {}

  event_engine::ApplyResult apply(const event_engine::EventBatch& batch,
                                  event_engine::RejectedEvents&) override {
    count_ += step_ * static_cast<std::int64_t>(batch.size());
    return {batch.size(), 0};
  }
  std::unique_ptr<event_engine::Model> clone() const override {
    return std::make_unique<CountingModel>(*this);
  }
  nlohmann::json snapshot() const override { return {{"count", count_}}; }
  void restore(const nlohmann::json& snapshot) override { count_ = snapshot.at("count").get<std::int64_t>(); }
  nlohmann::json summary(bool) const override { return {{"count", count_}}; }
  event_engine::ModelView view() const override { return {}; }

 private:
  std::int64_t step_;
  std::int64_t count_ = 0;
};

std::unique_ptr<event_engine::Model> create(const event_engine::ConfigReader& config,
                                            const event_engine::PluginContext&) {
#ifdef TEST_FACTORY_THROWS
  throw std::runtime_error("the test factory refuses to start");
#endif
  return std::make_unique<CountingModel>(config.integer("step", 1, 1, 100));
}

constexpr event_engine::ConfigKeyInfo config_keys[] = {{"step", "integer", "1", "Added per event"}};
constexpr event_engine::PluginInfo plugins[] = {{"model", TEST_PLUGIN_NAME, "0.1.0",
                                                 "Counts events (loader tests)", config_keys, 1,
                                                 "create_counting_model"}};
extern const event_engine::LibraryManifest manifest = {TEST_API_VERSION, TEST_FINGERPRINT, plugins, 1};

}  // namespace counting_model

EVENT_ENGINE_EXPORT_MANIFEST(counting_model::manifest)
EVENT_ENGINE_EXPORT_FACTORY(counting_model::create, create_counting_model)
