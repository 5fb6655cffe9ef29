// A model plugin whose query can be held open by the test: it counts events, and its "hold" query
// signals the eventfd named by `entered_fd` once it runs, then waits until the eventfd named by
// `release_fd` is signalled, and answers the count it saw. The tests of ModelHost use it to hold a
// reader inside the model, deterministically, while the pipeline applies batches. Its "throw"
// query throws a plain std::runtime_error, as a careless plugin might (the HTTP front's tests).
#include <sys/eventfd.h>

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "event_engine/plugin_api.hpp"

namespace latched_model {

int descriptor_parameter(const event_engine::QueryParameters& parameters, std::string_view name) {
  const auto found = parameters.find(name);
  int descriptor = -1;
  if (found == parameters.end() ||
      std::from_chars(found->second.data(), found->second.data() + found->second.size(), descriptor).ec !=
          std::errc()) {
    throw event_engine::QueryError(400, "hold: needs " + std::string(name));
  }
  return descriptor;
}

class LatchedModel final : public event_engine::Model {
 public:
  event_engine::ApplyResult apply(const event_engine::EventBatch& batch,
                                  event_engine::RejectedEvents&) override {
    count_ += batch.size();
    return {batch.size(), 0};
  }
  std::unique_ptr<event_engine::Model> clone() const override {
    return std::make_unique<LatchedModel>(*this);
  }
  nlohmann::json snapshot() const override { return {{"count", count_}}; }
  void restore(const nlohmann::json& snapshot) override {
    count_ = snapshot.at("count").get<std::uint64_t>();
  }
  nlohmann::json summary(bool) const override { return {{"count", count_}}; }
  event_engine::ModelView view() const override { return {}; }

  nlohmann::json query(std::string_view name,
                       const event_engine::QueryParameters& parameters) const override {
    if (name == "throw") throw std::runtime_error("the latched model's throw query");
    if (name != "hold") return Model::query(name, parameters);
    const std::uint64_t seen = count_;
    if (eventfd_write(descriptor_parameter(parameters, "entered_fd"), 1) != 0) {
      throw event_engine::QueryError(500, "hold: cannot signal entered_fd");
    }
    eventfd_t released = 0;
    if (eventfd_read(descriptor_parameter(parameters, "release_fd"), &released) != 0) {
      throw event_engine::QueryError(500, "hold: cannot wait on release_fd");
    }
    return {{"count_seen", seen}};
  }

 private:
  std::uint64_t count_ = 0;
};

std::unique_ptr<event_engine::Model> create(const event_engine::ConfigReader&,
                                            const event_engine::PluginContext&) {
  return std::make_unique<LatchedModel>();
}

constexpr event_engine::PluginInfo plugins[] = {
    {"model", "latched", "0.1.0", "Counts events; its hold query waits on an eventfd (ModelHost tests)",
     nullptr, 0, "create_latched_model"}};
extern const event_engine::LibraryManifest manifest = {EVENT_ENGINE_PLUGIN_API_VERSION,
                                                       EVENT_ENGINE_ABI_FINGERPRINT, plugins, 1};

}  // namespace latched_model

EVENT_ENGINE_EXPORT_MANIFEST(latched_model::manifest)
EVENT_ENGINE_EXPORT_FACTORY(latched_model::create, create_latched_model)
