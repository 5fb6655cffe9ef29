// The plugin's fuzz target: its config and its snapshot are the outside bytes it reads. The input is
// {"config": <the plugin's config>, "snapshot": <a checkpoint's model snapshot>}. A config is
// refused with a ConfigError under the plugin's path, or makes a model; a snapshot is refused with
// std::runtime_error leaving the model as it was, or restores to a model that snapshots back to the
// same JSON, through text as a store keeps it.
#include <cstdio>
#include <cstdlib>
#include <event_engine/plugin_api.hpp>

#include "poisson_gamma_model.hpp"

// The engine's fuzz/fuzz_check.hpp is not installed with the API headers, and a template builds
// out of the engine's tree, so the check it defines is repeated here.
#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The engine hands a plugin JSON nested at most a few levels deep; deeper input is refused before.
  bool too_deep = false;
  const auto bounded = [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    too_deep = too_deep || depth > 64;
    return !too_deep;
  };
  const nlohmann::json input = nlohmann::json::parse(data, data + size, bounded, false);
  if (too_deep || input.is_discarded() || !input.is_object()) return 0;

  const nlohmann::json config = input.value("config", nlohmann::json::object());
  std::unique_ptr<event_engine::Model> model;
  try {
    model = poisson_gamma::create(event_engine::ConfigReader(config, "/process/model/config"),
                                  event_engine::PluginContext{});
  } catch (const event_engine::ConfigError& error) {
    FUZZ_CHECK(error.path().starts_with("/process/model/config"));
    return 0;
  }
  if (!input.contains("snapshot")) return 0;
  const nlohmann::json& snapshot = input.at("snapshot");
  const nlohmann::json before = model->snapshot();
  try {
    model->restore(snapshot);
  } catch (const std::runtime_error&) {
    FUZZ_CHECK(model->snapshot() == before);
    return 0;
  }
  const nlohmann::json restored = model->snapshot();
  for (const auto& [key, value] : restored.items()) FUZZ_CHECK(snapshot.at(key) == value);
  const nlohmann::json through_text = nlohmann::json::parse(restored.dump());
  model->restore(through_text);
  FUZZ_CHECK(model->snapshot() == restored);
  return 0;
}
