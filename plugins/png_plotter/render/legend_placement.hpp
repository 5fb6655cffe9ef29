// Where the legend box goes: matplotlib's "best" location, limited to the four corners.
#pragma once

#include <vector>

#include "render/canvas_geometry.hpp"

namespace png_plotter {

// The corner of `area`, `inset` in from its edges, where a `width` x `height` box hides the fewest
// `points`. Ties go to the first of upper right, upper left, lower left, lower right.
Rect place_legend(const Rect& area, double width, double height, double inset,
                  const std::vector<Point>& points);

}  // namespace png_plotter
