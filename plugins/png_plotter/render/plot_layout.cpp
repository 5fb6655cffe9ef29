#include "render/plot_layout.hpp"

#include <algorithm>

namespace png_plotter {

PlotLayout::PlotLayout(double canvas_width, double canvas_height, const FrameTextSizes& text,
                       const PlotRanges& ranges)
    : text_(text), ranges_(ranges) {
  const double y_label_space = text.y_label_height > 0.0 ? text.y_label_height + axis_label_gap : 0.0;
  const double x_label_space = text.x_label_height > 0.0 ? text.x_label_height + axis_label_gap : 0.0;
  const double left = outer_padding + y_label_space + text.widest_y_tick_label + tick_label_gap + tick_length;
  const double bottom = outer_padding + x_label_space + text.tick_label_height + tick_label_gap + tick_length;
  // Without a title the top y tick label, centred on the top edge, still needs room.
  const double top = outer_padding +
                     (text.title_height > 0.0 ? text.title_height + title_gap : text.tick_label_height / 2.0);
  // The last x tick label is centred on the right edge.
  const double right = 2.0 * outer_padding + text.widest_x_tick_label / 2.0;
  plot_area_ = {left, top, std::max(1.0, canvas_width - left - right),
                std::max(1.0, canvas_height - top - bottom)};
}

double PlotLayout::canvas_x(double data_x) const noexcept {
  return plot_area_.left + (data_x - ranges_.x.low) / (ranges_.x.high - ranges_.x.low) * plot_area_.width;
}

double PlotLayout::canvas_y(double data_y) const noexcept {
  return plot_area_.bottom() -
         (data_y - ranges_.y.low) / (ranges_.y.high - ranges_.y.low) * plot_area_.height;
}

Point PlotLayout::to_canvas(double data_x, double data_y) const noexcept {
  return {canvas_x(data_x), canvas_y(data_y)};
}

double PlotLayout::title_top() const noexcept { return outer_padding; }

double PlotLayout::x_tick_labels_top() const noexcept {
  return plot_area_.bottom() + tick_length + tick_label_gap;
}

double PlotLayout::y_tick_labels_right() const noexcept {
  return plot_area_.left - tick_length - tick_label_gap;
}

double PlotLayout::x_label_top() const noexcept {
  return x_tick_labels_top() + text_.tick_label_height + axis_label_gap;
}

}  // namespace png_plotter
