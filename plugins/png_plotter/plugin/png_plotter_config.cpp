#include "plugin/png_plotter_config.hpp"

#include <cmath>

namespace png_plotter {
namespace {

// Cairo image surfaces are limited to 32767 pixels a side.
constexpr int largest_pixel_side = 32767;

}  // namespace

PngPlotterConfig read_png_plotter_config(const event_engine::ConfigReader& config,
                                         const event_engine::PluginContext& context) {
  PngPlotterConfig read;
  const std::string directory = config.string("directory", "graphs");
  if (directory.empty()) config.fail("directory", "expected a directory path");
  read.directory = context.resolve(directory);
  read.canvas.width = static_cast<int>(config.integer("width", 640, 100, 8192));
  read.canvas.height = static_cast<int>(config.integer("height", 480, 100, 8192));
  read.canvas.scale = config.number("scale", 1.0, 0.5, 4.0);
  if (std::lround(read.canvas.width * read.canvas.scale) > largest_pixel_side ||
      std::lround(read.canvas.height * read.canvas.scale) > largest_pixel_side) {
    config.fail("scale", "expected a scale that keeps width and height times scale <= 32767 pixels");
  }
  read.png.compression_level = static_cast<int>(config.integer("compression_level", 1, 0, 9));
  read.format = config.one_of("format", "png", {"png", "svg"}) == "svg" ? ImageFormat::svg : ImageFormat::png;
  read.min_interval = std::chrono::milliseconds(config.integer("min_interval_ms", 100, 0, 3'600'000));
  read.history = config.boolean("history", true);
  read.keep_last = static_cast<std::size_t>(config.integer("keep_last", 1000, 1, 100'000'000));
  const std::string baseline = config.one_of("baseline", "previous", {"previous", "initial", "both"});
  read.baseline = baseline == "initial" ? BaselineShown::initial
                  : baseline == "both"  ? BaselineShown::both
                                        : BaselineShown::previous_state;
  return read;
}

const char* format_name(ImageFormat format) noexcept { return format == ImageFormat::svg ? "svg" : "png"; }

}  // namespace png_plotter
