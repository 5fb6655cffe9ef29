// What the binomial_grid library exports: its manifest and its model factory.
#include <iterator>
#include <type_traits>

#include "adapter/binomial_grid_model.hpp"
#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"

namespace binomial_grid {

// Every key the model reads, with the default it applies: the engine refuses keys not listed here.
constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"grid_points", "integer", "120", "Number of evenly spaced grid points on [0, 1], from 2 to 1000000."},
    {"prior", "object", R"({"type":"step","above":0.1})",
     R"(Prior on the grid: {"type":"uniform"}, {"type":"step","above":a,"below":b} (one where a < p < b, )"
     R"(either bound optional), {"type":"beta","a":a,"b":b} (a, b > 0) or {"type":"list","values":[one )"
     R"(number >= 0 per grid point]}.)"},
    {"success", "array", R"(["w"])", "Event payloads that count as a success."},
    {"failure", "array", R"(["l"])",
     "Event payloads that count as a failure; any other payload is rejected."},
    {"interval_mass", "number", "0.89",
     "Probability mass of the percentile interval and the HPDI, in (0, 1]."},
    {"forgetting", "object", "null",
     R"(Keyed only: discount each key's counts so that old events weigh less, for rates that drift: )"
     R"({"half_life_events":H} (H >= 1) or {"half_life_seconds":T} (T > 0). Absent: no forgetting.)"},
};

constexpr event_engine::PluginInfo plugins[] = {{
    "model",
    "binomial_grid",
    "1.0.0",
    "Bayesian Binomial proportion by grid approximation (new prior = old posterior), from success/failure "
    "tokens.",
    config_keys,
    std::size(config_keys),
    "binomial_grid_create_model",
}};

const event_engine::LibraryManifest manifest{EVENT_ENGINE_PLUGIN_API_VERSION, EVENT_ENGINE_ABI_FINGERPRINT,
                                             plugins, std::size(plugins)};

// The loader calls the exported factory through this exact type.
static_assert(std::is_same_v<decltype(create_binomial_grid_model), event_engine::ModelFactory>);

}  // namespace binomial_grid

EVENT_ENGINE_EXPORT_MANIFEST(binomial_grid::manifest)
EVENT_ENGINE_EXPORT_FACTORY(binomial_grid::create_binomial_grid_model, binomial_grid_create_model)
