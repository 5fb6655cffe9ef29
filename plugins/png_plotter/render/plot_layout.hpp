// Where the plot area sits on the canvas, given the size of the text around it, and how data
// coordinates map onto it.
#pragma once

#include "render/axis_range.hpp"
#include "render/canvas_geometry.hpp"

namespace png_plotter {

// Sizes, in canvas units, of the text drawn around the plot area; 0 for text that is absent.
struct FrameTextSizes {
  double title_height = 0.0;
  double x_label_height = 0.0;
  double y_label_height = 0.0;  // the y label is turned a quarter: its height is horizontal space
  double tick_label_height = 0.0;
  double widest_x_tick_label = 0.0;
  double widest_y_tick_label = 0.0;
};

// Tick marks point outwards from the plot area, matplotlib's default.
inline constexpr double tick_length = 3.5;

class PlotLayout {
 public:
  PlotLayout(double canvas_width, double canvas_height, const FrameTextSizes& text, const PlotRanges& ranges);

  const Rect& plot_area() const noexcept { return plot_area_; }
  Point to_canvas(double data_x, double data_y) const noexcept;
  double canvas_x(double data_x) const noexcept;
  double canvas_y(double data_y) const noexcept;

  // Where the text around the plot area goes.
  double title_top() const noexcept;
  double x_tick_labels_top() const noexcept;
  double y_tick_labels_right() const noexcept;
  double x_label_top() const noexcept;
  double y_label_left() const noexcept { return outer_padding; }

 private:
  static constexpr double outer_padding = 8.0;
  static constexpr double tick_label_gap = 3.5;
  static constexpr double axis_label_gap = 5.0;
  static constexpr double title_gap = 10.0;

  FrameTextSizes text_;
  PlotRanges ranges_;
  Rect plot_area_;
};

}  // namespace png_plotter
