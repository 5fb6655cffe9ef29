// Points and rectangles in canvas units (pixels at scale 1, y growing downwards).
#pragma once

namespace png_plotter {

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Rect {
  double left = 0.0;
  double top = 0.0;
  double width = 0.0;
  double height = 0.0;

  double right() const noexcept { return left + width; }
  double bottom() const noexcept { return top + height; }
  bool contains(const Point& point) const noexcept {
    return point.x >= left && point.x <= right() && point.y >= top && point.y <= bottom();
  }
};

}  // namespace png_plotter
