#include "render/axis_range.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/bar_width.hpp"

namespace png_plotter {
namespace {

constexpr double largest_plottable = 1e300;
constexpr double margin_fraction = 0.05;

struct Extent {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();

  void include(double value) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  bool empty() const { return low > high; }
};

AxisRange with_margins(const Extent& extent) {
  if (extent.empty()) return {0.0, 1.0};
  if (extent.low == extent.high) {
    const double half_width = std::abs(extent.low) * margin_fraction;
    // Zero, and the smallest denormals whose margin rounds to nothing, get a unit-wide range.
    if (half_width > 0.0) return {extent.low - half_width, extent.high + half_width};
    return {extent.low - 0.5, extent.high + 0.5};
  }
  const double margin = (extent.high - extent.low) * margin_fraction;
  return {extent.low - margin, extent.high + margin};
}

}  // namespace

bool is_plottable(double x, double y) noexcept {
  return std::abs(x) <= largest_plottable && std::abs(y) <= largest_plottable;
}

PlotRanges plot_ranges(const std::vector<event_engine::Series>& series) {
  Extent x_extent;
  Extent y_extent;
  for (const event_engine::Series& one : series) {
    const std::size_t points = std::min(one.x.size(), one.y.size());
    // Bars and areas stand on zero, and bars are as wide as their width: both belong in the ranges.
    const bool bars = one.style == event_engine::SeriesStyle::bars;
    const double half_bar = bars ? bar_width(one) / 2.0 : 0.0;
    for (std::size_t i = 0; i < points; ++i) {
      if (!is_plottable(one.x[i], one.y[i])) continue;
      x_extent.include(one.x[i] - half_bar);
      x_extent.include(one.x[i] + half_bar);
      y_extent.include(one.y[i]);
      if (bars || one.style == event_engine::SeriesStyle::area) y_extent.include(0.0);
    }
  }
  return {with_margins(x_extent), with_margins(y_extent)};
}

}  // namespace png_plotter
