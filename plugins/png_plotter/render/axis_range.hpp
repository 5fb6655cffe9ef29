// The data ranges the axes show: every plottable point of every series, plus a margin.
#pragma once

#include <vector>

#include "event_engine/model_view.hpp"

namespace png_plotter {

struct AxisRange {
  double low = 0.0;
  double high = 1.0;
};

struct PlotRanges {
  AxisRange x;
  AxisRange y;
};

// A point is drawn when both coordinates are finite and small enough that an axis spanning any
// two of them stays finite.
bool is_plottable(double x, double y) noexcept;

// Ranges covering every plottable point with a 5% margin on each side, as matplotlib does; a bar
// series' ranges cover its bars, down to zero. A single value gets a small range around it; no
// plottable point at all gives [0, 1].
PlotRanges plot_ranges(const std::vector<event_engine::Series>& series);

}  // namespace png_plotter
