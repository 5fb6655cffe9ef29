#include "render/legend_placement.hpp"

#include <algorithm>

namespace png_plotter {

Rect place_legend(const Rect& area, double width, double height, double inset,
                  const std::vector<Point>& points) {
  const double left = area.left + inset;
  const double right = area.right() - inset - width;
  const double top = area.top + inset;
  const double bottom = area.bottom() - inset - height;
  const Rect corners[] = {
      {right, top, width, height},
      {left, top, width, height},
      {left, bottom, width, height},
      {right, bottom, width, height},
  };
  const Rect* best = &corners[0];
  std::ptrdiff_t fewest_hidden = -1;
  for (const Rect& corner : corners) {
    const std::ptrdiff_t hidden = std::count_if(points.begin(), points.end(),
                                                [&](const Point& point) { return corner.contains(point); });
    if (fewest_hidden < 0 || hidden < fewest_hidden) {
      best = &corner;
      fewest_hidden = hidden;
    }
  }
  return *best;
}

}  // namespace png_plotter
