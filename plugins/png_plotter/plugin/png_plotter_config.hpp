// The png_plotter's config: its keys as the manifest lists them, and the reader that checks them.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>

#include "event_engine/config_reader.hpp"
#include "event_engine/manifest.hpp"
#include "event_engine/plugin_context.hpp"
#include "render/baseline_shown.hpp"
#include "render/plot_renderer.hpp"

namespace png_plotter {

enum class ImageFormat { png, svg };

struct PngPlotterConfig {
  std::filesystem::path directory;
  CanvasSize canvas;
  PngEncoding png;
  ImageFormat format = ImageFormat::png;
  std::chrono::milliseconds min_interval{100};
  bool history = true;
  std::size_t keep_last = 1000;
  BaselineShown baseline = BaselineShown::previous_state;
};

inline constexpr event_engine::ConfigKeyInfo png_plotter_config_keys[] = {
    {"directory", "string", "\"graphs\"",
     "Where the images go, relative to the config file's directory; created if missing"},
    {"width", "integer", "640", "Image width in canvas units, 100 to 8192"},
    {"height", "integer", "480", "Image height in canvas units, 100 to 8192"},
    {"scale", "number", "1.0", "Pixels per canvas unit in PNG output, 0.5 to 4 (2 for high-DPI screens)"},
    {"min_interval_ms", "integer", "100", "The engine renders at most once per this many milliseconds"},
    {"history", "boolean", "true", "Keep <tag>.<format> for every state drawn, besides latest.<format>"},
    {"keep_last", "integer", "1000", "History files kept; the oldest this process wrote are deleted first"},
    {"format", "string", "\"png\"", "File format: \"png\" or \"svg\""},
    {"compression_level", "integer", "1", "zlib level of PNG files, 0 (fastest) to 9 (smallest)"},
    {"baseline", "string", "\"previous\"",
     "What a view's baseline series (binomial_grid's dashed Prior) shows: \"previous\" the state drawn "
     "before (new prior = old posterior, the seed's update plots), \"initial\" the model's own, "
     "\"both\" the previous state with the initial one faint"},
};

// Throws event_engine::ConfigError naming the JSON path of a bad value. Does no I/O.
PngPlotterConfig read_png_plotter_config(const event_engine::ConfigReader& config,
                                         const event_engine::PluginContext& context);

// "png" or "svg": the file extension and the encode() format name.
const char* format_name(ImageFormat format) noexcept;

}  // namespace png_plotter
