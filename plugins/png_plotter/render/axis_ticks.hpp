// "Nice" axis ticks, spaced by 1, 2 or 5 times a power of ten, and their labels.
#pragma once

#include <string>
#include <vector>

namespace png_plotter {

struct AxisTicks {
  std::vector<double> values;  // ascending, all within the range asked for
  double step = 0.0;
};

// Ticks within [low, high], spaced by the smallest nice step that gives at most `max_ticks` of
// them. No ticks when the range is empty or not finite.
AxisTicks nice_ticks(double low, double high, int max_ticks = 9);

// One label per tick, all with the same number of decimals: enough to tell neighbours apart.
// Scientific notation for magnitudes from a million up or below 1e-4.
std::vector<std::string> tick_labels(const AxisTicks& ticks);

}  // namespace png_plotter
