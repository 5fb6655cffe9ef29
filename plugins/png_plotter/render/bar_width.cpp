#include "render/bar_width.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/axis_range.hpp"

namespace png_plotter {

double bar_width(const event_engine::Series& series) noexcept {
  constexpr double filled_fraction = 0.8;
  double smallest_gap = std::numeric_limits<double>::infinity();
  const std::size_t count = std::min(series.x.size(), series.y.size());
  for (std::size_t i = 1; i < count; ++i) {
    if (!is_plottable(series.x[i], series.y[i]) || !is_plottable(series.x[i - 1], series.y[i - 1])) continue;
    const double gap = std::abs(series.x[i] - series.x[i - 1]);
    if (gap > 0.0) smallest_gap = std::min(smallest_gap, gap);
  }
  return filled_fraction * (std::isfinite(smallest_gap) ? smallest_gap : 1.0);
}

}  // namespace png_plotter
