// The library's exports: its manifest, and the factory that builds a png_plotter from its config.
#include <iterator>
#include <memory>

#include "event_engine/api_version.hpp"
#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "plugin/png_plotter.hpp"
#include "plugin/png_plotter_config.hpp"

namespace png_plotter {

std::unique_ptr<event_engine::Visualiser> create(const event_engine::ConfigReader& config,
                                                 const event_engine::PluginContext& context) {
  return std::make_unique<PngPlotter>(read_png_plotter_config(config, context), context);
}

const event_engine::PluginInfo plugins[] = {{
    "visualiser",
    "png_plotter",
    "1.0.0",
    "Draws any model's view as PNG or SVG files: <tag> per state and latest, written atomically",
    png_plotter_config_keys,
    std::size(png_plotter_config_keys),
    "create_png_plotter",
}};

const event_engine::LibraryManifest manifest = {
    EVENT_ENGINE_PLUGIN_API_VERSION,
    EVENT_ENGINE_ABI_FINGERPRINT,
    plugins,
    std::size(plugins),
};

}  // namespace png_plotter

EVENT_ENGINE_EXPORT_MANIFEST(png_plotter::manifest)
EVENT_ENGINE_EXPORT_FACTORY(png_plotter::create, create_png_plotter)
