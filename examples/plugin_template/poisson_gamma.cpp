// poisson_gamma: a complete model plugin, written against the installed plugin API only. This file
// is what makes it a plugin library: the manifest and the exported factory. The model itself is in
// poisson_gamma_model.cpp.
#include <event_engine/plugin_api.hpp>

#include "poisson_gamma_model.hpp"

namespace poisson_gamma {

constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"prior_shape", "number", "1.0", "Shape of the Gamma prior on the rate"},
    {"prior_rate", "number", "1.0", "Rate of the Gamma prior on the rate"},
};
constexpr event_engine::PluginInfo plugins[] = {
    {"model", "poisson_gamma", "1.0.0", "Poisson event rate with a conjugate Gamma prior", config_keys,
     std::size(config_keys), "create_poisson_gamma"},
};
extern const event_engine::LibraryManifest manifest = {
    EVENT_ENGINE_PLUGIN_API_VERSION, EVENT_ENGINE_ABI_FINGERPRINT, plugins, std::size(plugins)};

}  // namespace poisson_gamma

EVENT_ENGINE_EXPORT_MANIFEST(poisson_gamma::manifest)
EVENT_ENGINE_EXPORT_FACTORY(poisson_gamma::create, create_poisson_gamma)
