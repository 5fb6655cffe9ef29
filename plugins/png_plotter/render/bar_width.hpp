// How wide the bars of a bar series are, in data units: most of the gap between neighbouring bars,
// so that they stand apart as in matplotlib's histograms.
#pragma once

#include "event_engine/model_view.hpp"

namespace png_plotter {

// 0.8 times the smallest gap between consecutive x values of `series` (0.8 with fewer than two
// distinct plottable values). Linear in the series' length.
double bar_width(const event_engine::Series& series) noexcept;

}  // namespace png_plotter
