// Target 7: the plotter's layout from arbitrary model views: any doubles (NaN, infinities,
// denormals, 1e308), empty series, series of unequal lengths and long ones. The ranges are finite
// and not empty, ticks fall inside them with labels that read back as numbers, every plottable
// point lands in the plot area, and the whole view draws to a PNG. The work per input is bounded
// here (at most 8 series of 100,000 points, drawn only up to 2,000) as the plotter's own work is
// linear in the points: long series test the layout, not cairo's speed.
#include <fuzzer/FuzzedDataProvider.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>

#include "event_engine/model_view.hpp"
#include "fuzz_check.hpp"
#include "render/axis_range.hpp"
#include "render/axis_ticks.hpp"
#include "render/legend_placement.hpp"
#include "render/plot_layout.hpp"
#include "render/plot_renderer.hpp"

namespace {

using namespace png_plotter;

constexpr std::size_t max_series = 8;
constexpr std::size_t max_points = 100'000;
constexpr std::size_t max_points_drawn = 2'000;

double any_double(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 3)) {
    case 0:
      return std::bit_cast<double>(input.ConsumeIntegral<std::uint64_t>());  // any bits: NaN, inf...
    case 1:
      return input.ConsumeFloatingPoint<double>();
    default:
      return input.ConsumeFloatingPointInRange<double>(-10.0, 10.0);
  }
}

// A few fuzzed values, repeated to the fuzzed length, so a short input describes a long series.
std::vector<double> any_values(FuzzedDataProvider& input, std::size_t length) {
  std::vector<double> pattern(input.ConsumeIntegralInRange<std::size_t>(1, 16));
  for (double& value : pattern) value = any_double(input);
  std::vector<double> values(length);
  for (std::size_t i = 0; i < length; ++i) values[i] = pattern[i % pattern.size()];
  return values;
}

event_engine::ModelView any_view(FuzzedDataProvider& input) {
  event_engine::ModelView view;
  view.title = input.ConsumeRandomLengthString(64);
  view.x_label = input.ConsumeRandomLengthString(32);
  view.y_label = input.ConsumeRandomLengthString(32);
  view.series.resize(input.ConsumeIntegralInRange<std::size_t>(0, max_series));
  for (event_engine::Series& series : view.series) {
    series.name = input.ConsumeRandomLengthString(24);
    // Every style, bars and faint included (bars widen the x range and stand on zero).
    series.style = static_cast<event_engine::SeriesStyle>(input.ConsumeIntegralInRange(0, 5));
    const bool long_series = input.ConsumeIntegralInRange(0, 15) == 0;
    const std::size_t length = input.ConsumeIntegralInRange<std::size_t>(0, long_series ? max_points : 64);
    // Unequal lengths: the plotter draws the common prefix.
    series.x = any_values(input, length);
    series.y =
        any_values(input, input.ConsumeBool() ? length : input.ConsumeIntegralInRange<std::size_t>(0, 64));
  }
  return view;
}

void check_range(const AxisRange& range) {
  FUZZ_CHECK(std::isfinite(range.low) && std::isfinite(range.high));
  FUZZ_CHECK(range.low < range.high);
}

void check_ticks(const AxisRange& range, int max_ticks) {
  const AxisTicks ticks = nice_ticks(range.low, range.high, max_ticks);
  FUZZ_CHECK(ticks.values.size() <= static_cast<std::size_t>(max_ticks));
  const double tolerance = (range.high - range.low) * 1e-6;
  for (std::size_t i = 0; i < ticks.values.size(); ++i) {
    if (!(ticks.values[i] >= range.low - tolerance && ticks.values[i] <= range.high + tolerance)) {
      std::fprintf(stderr, "tick %.17g outside [%.17g, %.17g], step %.17g, at most %d ticks\n",
                   ticks.values[i], range.low, range.high, ticks.step, max_ticks);
    }
    FUZZ_CHECK(ticks.values[i] >= range.low - tolerance && ticks.values[i] <= range.high + tolerance);
    if (i > 0) FUZZ_CHECK(ticks.values[i - 1] < ticks.values[i]);
  }
  const std::vector<std::string> labels = tick_labels(ticks);
  FUZZ_CHECK(labels.size() == ticks.values.size());
  for (const std::string& label : labels) {
    double read = 0.0;
    const auto [end, error] = std::from_chars(label.data(), label.data() + label.size(), read);
    if (error != std::errc() || end != label.data() + label.size()) {
      std::fprintf(stderr, "label \"%s\" of a tick in [%.17g, %.17g], step %.17g\n", label.c_str(), range.low,
                   range.high, ticks.step);
    }
    FUZZ_CHECK(!label.empty() && error == std::errc() && end == label.data() + label.size());
  }
}

void check_layout(FuzzedDataProvider& input, const event_engine::ModelView& view, const PlotRanges& ranges) {
  const double width = input.ConsumeFloatingPointInRange<double>(1.0, 4000.0);
  const double height = input.ConsumeFloatingPointInRange<double>(1.0, 4000.0);
  FrameTextSizes text;
  for (double* size : {&text.title_height, &text.x_label_height, &text.y_label_height,
                       &text.tick_label_height, &text.widest_x_tick_label, &text.widest_y_tick_label}) {
    *size = input.ConsumeFloatingPointInRange<double>(0.0, 1000.0);
  }
  const PlotLayout layout(width, height, text, ranges);
  const Rect& area = layout.plot_area();
  FUZZ_CHECK(area.width >= 1.0 && area.height >= 1.0);
  std::vector<Point> points;
  for (const event_engine::Series& series : view.series) {
    for (std::size_t i = 0; i < std::min(series.x.size(), series.y.size()); ++i) {
      if (!is_plottable(series.x[i], series.y[i])) continue;
      const Point point = layout.to_canvas(series.x[i], series.y[i]);
      const double slack = 1e-6 * (area.width + area.height);
      FUZZ_CHECK(point.x >= area.left - slack && point.x <= area.right() + slack);
      FUZZ_CHECK(point.y >= area.top - slack && point.y <= area.bottom() + slack);
      points.push_back(point);
    }
  }
  const double legend_width = input.ConsumeFloatingPointInRange<double>(0.0, 500.0);
  const double legend_height = input.ConsumeFloatingPointInRange<double>(0.0, 500.0);
  const Rect legend = place_legend(area, legend_width, legend_height, 8.0, points);
  FUZZ_CHECK(std::isfinite(legend.left) && std::isfinite(legend.top));
}

std::size_t points_in(const event_engine::ModelView& view) {
  std::size_t points = 0;
  for (const event_engine::Series& series : view.series) points += std::min(series.x.size(), series.y.size());
  return points;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const event_engine::ModelView view = any_view(input);
  const PlotRanges ranges = plot_ranges(view.series);
  check_range(ranges.x);
  check_range(ranges.y);
  const int max_ticks = input.ConsumeIntegralInRange(2, 12);
  check_ticks(ranges.x, max_ticks);
  check_ticks(ranges.y, max_ticks);
  check_layout(input, view, ranges);

  if (points_in(view) <= max_points_drawn) {
    // One canvas for every input, as the plugin keeps one per rendering thread.
    static PngCanvas canvas(CanvasSize{160, 120, 1.0});
    const std::string png = canvas.render(view, PngEncoding{0});
    FUZZ_CHECK(png.size() > 8 && png.compare(1, 3, "PNG") == 0);
  }
  return 0;
}
