// One 640x480 plot of 120-point posterior and prior, as the default pipeline draws it: drawing
// alone, drawing plus cairo's own PNG writer, drawing plus libpng writing cairo's surface as
// cairo's writer does but at a zlib level of choice (the fair baseline: the plugin's level), drawing
// plus the plugin's encoder, and the update plot (the previous posterior as the baseline) with its
// view composed per draw against composed once.
#include <benchmark/benchmark.h>
#include <png.h>

#include <cmath>
#include <string>

#include "render/baseline_shown.hpp"
#include "render/cairo_handles.hpp"
#include "render/plot_drawing.hpp"
#include "render/plot_renderer.hpp"
#include "render/png_encoding.hpp"

namespace {

using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesStyle;
using png_plotter::CairoContext;
using png_plotter::CairoSurface;

constexpr int width = 640;
constexpr int height = 480;

ModelView posterior_after_nine_trials() {
  ModelView view{
      "Posterior after 9 trials (6 water)", "probability of water", "posterior probability", "n_9_w_6", {}};
  Series posterior{"Posterior", {}, {}, SeriesStyle::line_with_markers};
  Series prior{"Prior", {}, {}, SeriesStyle::dashed};
  double total = 0.0;
  for (int i = 0; i < 120; ++i) {
    const double p = i / 119.0;
    posterior.x.push_back(p);
    posterior.y.push_back(std::pow(p, 6) * std::pow(1.0 - p, 3));
    total += posterior.y.back();
    prior.x.push_back(p);
    prior.y.push_back(p > 0.5 ? 2.0 / 120.0 : 0.0);
  }
  for (double& y : posterior.y) y /= total;
  view.series = {posterior, prior};
  return view;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void draw_only(benchmark::State& state) {
  const ModelView view = posterior_after_nine_trials();
  for (auto _ : state) {
    const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    const CairoContext cairo(cairo_create(surface.get()));
    png_plotter::draw_plot(cairo.get(), view, width, height);
    cairo_surface_flush(surface.get());
    benchmark::DoNotOptimize(cairo_image_surface_get_data(surface.get()));
  }
}

// The update plot: the previous posterior (here 0.9 of the current one) goes in the Prior's place.
ModelView update_plot_view() {
  ModelView view = posterior_after_nine_trials();
  view.series[0].role = event_engine::SeriesRole::state;
  view.series[1].role = event_engine::SeriesRole::baseline;
  view.previous_state.push_back(view.series[0]);
  for (double& y : view.previous_state[0].y) y *= 0.9;
  return view;
}

void draw(const ModelView& view) {
  const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  const CairoContext cairo(cairo_create(surface.get()));
  png_plotter::draw_plot(cairo.get(), view, width, height);
  cairo_surface_flush(surface.get());
  benchmark::DoNotOptimize(cairo_image_surface_get_data(surface.get()));
}

// The same picture, its view put together once outside the loop: the baseline of the row below.
void draw_update_plot_composed_once(benchmark::State& state) {
  const ModelView drawn =
      png_plotter::with_baseline_shown(update_plot_view(), png_plotter::BaselineShown::previous_state);
  for (auto _ : state) draw(drawn);
}

// As the plugin draws it by default: the view copied with the previous state in the baseline's
// place, then drawn, every time. Its ratio to the row above is the cost of the copy.
void draw_update_plot(benchmark::State& state) {
  const ModelView view = update_plot_view();
  for (auto _ : state)
    draw(png_plotter::with_baseline_shown(view, png_plotter::BaselineShown::previous_state));
}

// A new surface with `view` drawn on it, as each writer baseline starts from.
CairoSurface drawn_surface(const ModelView& view) {
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  const CairoContext cairo(cairo_create(surface.get()));
  png_plotter::draw_plot(cairo.get(), view, width, height);
  cairo_surface_flush(surface.get());
  return surface;
}

void draw_and_cairo_png_writer(benchmark::State& state) {
  const ModelView view = posterior_after_nine_trials();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const CairoSurface surface = drawn_surface(view);
    std::string png;
    cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png);
    bytes = png.size();
    benchmark::DoNotOptimize(png.data());
  }
  state.counters["png_bytes"] = static_cast<double>(bytes);
}

void append_png_bytes(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// cairo's PNG writer, made to take a zlib level: libpng with its default row filters over the RGB24
// surface (xRGB words: blue first in memory on this little-endian machine, the pad byte last).
std::string libpng_at_level(cairo_surface_t* surface, int level) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, append_png_bytes, nullptr);
  png_set_compression_level(png, level);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
               PNG_FILTER_TYPE_BASE);
  png_write_info(png, info);
  png_set_bgr(png);
  png_set_filler(png, 0, PNG_FILLER_AFTER);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int row = 0; row < height; ++row) png_write_row(png, data + static_cast<std::ptrdiff_t>(row) * stride);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

// The argument is the zlib level: 1 is the plugin's default, 6 zlib's (and cairo's writer's).
void draw_and_libpng_writer(benchmark::State& state) {
  const ModelView view = posterior_after_nine_trials();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const CairoSurface surface = drawn_surface(view);
    const std::string png = libpng_at_level(surface.get(), static_cast<int>(state.range(0)));
    bytes = png.size();
    benchmark::DoNotOptimize(png.data());
  }
  state.counters["png_bytes"] = static_cast<double>(bytes);
}

void draw_and_plugin_encoder(benchmark::State& state) {
  const ModelView view = posterior_after_nine_trials();
  const png_plotter::PngEncoding encoding{static_cast<int>(state.range(0))};
  // As the plugin's render thread draws: on one canvas kept from plot to plot.
  png_plotter::PngCanvas canvas({width, height, 1.0});
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string png = canvas.render(view, encoding);
    bytes = png.size();
    benchmark::DoNotOptimize(png.data());
  }
  state.counters["png_bytes"] = static_cast<double>(bytes);
}

void draw_and_svg(benchmark::State& state) {
  const ModelView view = posterior_after_nine_trials();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string svg = png_plotter::render_svg(view, {width, height, 1.0});
    bytes = svg.size();
    benchmark::DoNotOptimize(svg.data());
  }
  state.counters["svg_bytes"] = static_cast<double>(bytes);
}

BENCHMARK(draw_only)->Unit(benchmark::kMillisecond);
BENCHMARK(draw_update_plot_composed_once)->Unit(benchmark::kMillisecond);
BENCHMARK(draw_update_plot)->Unit(benchmark::kMillisecond);
BENCHMARK(draw_and_cairo_png_writer)->Unit(benchmark::kMillisecond);
BENCHMARK(draw_and_libpng_writer)->Arg(1)->Arg(6)->ArgName("level")->Unit(benchmark::kMillisecond);
// The argument is the zlib level; 1 is the plugin's default.
BENCHMARK(draw_and_plugin_encoder)->Arg(1)->Arg(6)->Arg(9)->ArgName("level")->Unit(benchmark::kMillisecond);
BENCHMARK(draw_and_svg)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
