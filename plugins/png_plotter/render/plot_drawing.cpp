#include "render/plot_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "render/axis_range.hpp"
#include "render/axis_ticks.hpp"
#include "render/bar_width.hpp"
#include "render/drawable_text.hpp"
#include "render/legend_placement.hpp"
#include "render/plot_layout.hpp"
#include "render/series_palette.hpp"

namespace png_plotter {
namespace {

using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesStyle;

// Sizes in canvas units, close to matplotlib's defaults at 100 dpi.
constexpr const char* font_family = "DejaVu Sans";
constexpr double title_font_size = 16.0;
constexpr double axis_label_font_size = 13.0;
constexpr double tick_label_font_size = 12.0;
constexpr double legend_font_size = 12.0;

constexpr double frame_line_width = 1.0;
constexpr double grid_line_width = 1.0;
constexpr double series_line_width = 2.0;
constexpr double marker_radius = 2.5;
constexpr double dash_pattern[] = {7.4, 3.2};
constexpr double faint_line_width = 1.5;
constexpr double faint_opacity = 0.35;

constexpr Colour background_colour{1.0, 1.0, 1.0};
constexpr Colour text_colour{0.0, 0.0, 0.0};
constexpr Colour grid_colour{0.9, 0.9, 0.9};
constexpr Colour legend_border_colour{0.8, 0.8, 0.8};
constexpr double legend_background_opacity = 0.8;

constexpr double legend_inset = 8.0;
constexpr double legend_padding = 6.0;
constexpr double legend_corner_radius = 3.0;
constexpr double legend_handle_length = 26.0;
constexpr double legend_handle_gap = 8.0;
constexpr double legend_row_spacing = 1.3;  // times the font height

struct AxisText {
  AxisTicks ticks;
  std::vector<std::string> labels;
};

struct FontHeight {
  double ascent = 0.0;
  double height = 0.0;  // ascent plus descent
};

enum class Anchor { left, centre, right };

AxisText axis_text(const AxisRange& range) {
  AxisText text;
  text.ticks = nice_ticks(range.low, range.high);
  text.labels = tick_labels(text.ticks);
  return text;
}

void set_colour(cairo_t* cairo, const Colour& colour) {
  cairo_set_source_rgb(cairo, colour.red, colour.green, colour.blue);
}

void use_font(cairo_t* cairo, double size) {
  cairo_select_font_face(cairo, font_family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cairo, size);
}

FontHeight font_height(cairo_t* cairo) {
  cairo_font_extents_t extents;
  cairo_font_extents(cairo, &extents);
  return {extents.ascent, extents.ascent + extents.descent};
}

double text_width(cairo_t* cairo, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cairo, drawable_text(text).c_str(), &extents);
  return extents.x_advance;
}

// One line of text in the current font whose box has its top edge at `top`.
void show_text(cairo_t* cairo, const std::string& text, double x, double top, Anchor anchor) {
  const double width = text_width(cairo, text);
  const double left = anchor == Anchor::left ? x : anchor == Anchor::centre ? x - width / 2.0 : x - width;
  cairo_move_to(cairo, left, top + font_height(cairo).ascent);
  cairo_show_text(cairo, drawable_text(text).c_str());
}

// Moves a line's coordinate so that a line of `line_width` covers whole device pixels instead of
// blurring across two, at any scale.
double crisp(cairo_t* cairo, double coordinate, double line_width) {
  double scale = 1.0;
  double unused = 0.0;
  cairo_user_to_device_distance(cairo, &scale, &unused);
  const double half_width = line_width * scale / 2.0;
  return (std::round(coordinate * scale - half_width) + half_width) / scale;
}

bool has_line(SeriesStyle style) {
  return style != SeriesStyle::markers && style != SeriesStyle::bars && style != SeriesStyle::area;
}

bool is_filled(SeriesStyle style) { return style == SeriesStyle::bars || style == SeriesStyle::area; }

bool has_markers(SeriesStyle style) {
  return style == SeriesStyle::markers || style == SeriesStyle::line_with_markers;
}

void set_series_colour(cairo_t* cairo, const Colour& colour, SeriesStyle style) {
  const double opacity = style == SeriesStyle::faint || style == SeriesStyle::area ? faint_opacity : 1.0;
  cairo_set_source_rgba(cairo, colour.red, colour.green, colour.blue, opacity);
}

void stroke_series_line(cairo_t* cairo, SeriesStyle style) {
  cairo_set_line_width(cairo, style == SeriesStyle::faint ? faint_line_width : series_line_width);
  cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND);
  if (style == SeriesStyle::dashed) {
    cairo_set_dash(cairo, dash_pattern, 2, 0.0);
  } else {
    cairo_set_dash(cairo, nullptr, 0, 0.0);
  }
  cairo_stroke(cairo);
}

void add_marker(cairo_t* cairo, const Point& centre) {
  cairo_new_sub_path(cairo);
  cairo_arc(cairo, centre.x, centre.y, marker_radius, 0.0, 2.0 * std::numbers::pi);
}

std::vector<Point> canvas_points(const PlotLayout& layout, const Series& series) {
  std::vector<Point> points;
  const std::size_t count = std::min(series.x.size(), series.y.size());
  points.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (is_plottable(series.x[i], series.y[i])) points.push_back(layout.to_canvas(series.x[i], series.y[i]));
  }
  return points;
}

FrameTextSizes measure_frame_text(cairo_t* cairo, const ModelView& view, const AxisText& x_axis,
                                  const AxisText& y_axis) {
  FrameTextSizes sizes;
  use_font(cairo, title_font_size);
  if (!view.title.empty()) sizes.title_height = font_height(cairo).height;
  use_font(cairo, axis_label_font_size);
  if (!view.x_label.empty()) sizes.x_label_height = font_height(cairo).height;
  if (!view.y_label.empty()) sizes.y_label_height = font_height(cairo).height;
  use_font(cairo, tick_label_font_size);
  sizes.tick_label_height = font_height(cairo).height;
  for (const std::string& label : x_axis.labels) {
    sizes.widest_x_tick_label = std::max(sizes.widest_x_tick_label, text_width(cairo, label));
  }
  for (const std::string& label : y_axis.labels) {
    sizes.widest_y_tick_label = std::max(sizes.widest_y_tick_label, text_width(cairo, label));
  }
  return sizes;
}

void draw_grid(cairo_t* cairo, const PlotLayout& layout, const AxisText& x_axis, const AxisText& y_axis) {
  const Rect& area = layout.plot_area();
  for (const double tick : x_axis.ticks.values) {
    const double x = crisp(cairo, layout.canvas_x(tick), grid_line_width);
    cairo_move_to(cairo, x, area.top);
    cairo_line_to(cairo, x, area.bottom());
  }
  for (const double tick : y_axis.ticks.values) {
    const double y = crisp(cairo, layout.canvas_y(tick), grid_line_width);
    cairo_move_to(cairo, area.left, y);
    cairo_line_to(cairo, area.right(), y);
  }
  set_colour(cairo, grid_colour);
  cairo_set_line_width(cairo, grid_line_width);
  cairo_stroke(cairo);
}

// Each bar from zero to its y, centred on its x; clipped to the plot area like every series.
void draw_bars(cairo_t* cairo, const PlotLayout& layout, const Series& series) {
  const double half_width = bar_width(series) / 2.0;
  const std::size_t count = std::min(series.x.size(), series.y.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_plottable(series.x[i], series.y[i])) continue;
    const Point top_left = layout.to_canvas(series.x[i] - half_width, std::max(series.y[i], 0.0));
    const Point bottom_right = layout.to_canvas(series.x[i] + half_width, std::min(series.y[i], 0.0));
    cairo_rectangle(cairo, top_left.x, top_left.y, bottom_right.x - top_left.x, bottom_right.y - top_left.y);
  }
  cairo_fill(cairo);
}

// The region between the curve and y = 0, one polygon per run of drawable points.
void draw_area(cairo_t* cairo, const PlotLayout& layout, const Series& series) {
  const std::size_t count = std::min(series.x.size(), series.y.size());
  bool in_run = false;
  double run_start_x = 0.0;
  double last_x = 0.0;
  const auto close_run = [&] {
    if (!in_run) return;
    const Point end = layout.to_canvas(last_x, 0.0);
    cairo_line_to(cairo, end.x, end.y);
    const Point start = layout.to_canvas(run_start_x, 0.0);
    cairo_line_to(cairo, start.x, start.y);
    cairo_close_path(cairo);
    in_run = false;
  };
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_plottable(series.x[i], series.y[i])) {
      close_run();
      continue;
    }
    const Point point = layout.to_canvas(series.x[i], series.y[i]);
    if (!in_run) {
      const Point base = layout.to_canvas(series.x[i], 0.0);
      cairo_move_to(cairo, base.x, base.y);
      run_start_x = series.x[i];
      in_run = true;
    }
    cairo_line_to(cairo, point.x, point.y);
    last_x = series.x[i];
  }
  close_run();
  cairo_fill(cairo);
}

void draw_series(cairo_t* cairo, const PlotLayout& layout, const Series& series, const Colour& colour) {
  set_series_colour(cairo, colour, series.style);
  if (series.style == SeriesStyle::bars) {
    draw_bars(cairo, layout, series);
    return;
  }
  if (series.style == SeriesStyle::area) {
    draw_area(cairo, layout, series);
    return;
  }
  const std::size_t count = std::min(series.x.size(), series.y.size());
  if (has_line(series.style)) {
    bool line_started = false;
    for (std::size_t i = 0; i < count; ++i) {
      // A point that cannot be drawn leaves a gap in the line rather than joining its neighbours.
      if (!is_plottable(series.x[i], series.y[i])) {
        line_started = false;
        continue;
      }
      const Point point = layout.to_canvas(series.x[i], series.y[i]);
      if (line_started) {
        cairo_line_to(cairo, point.x, point.y);
      } else {
        cairo_move_to(cairo, point.x, point.y);
      }
      line_started = true;
    }
    stroke_series_line(cairo, series.style);
  }
  if (has_markers(series.style)) {
    for (const Point& point : canvas_points(layout, series)) add_marker(cairo, point);
    cairo_fill(cairo);
  }
}

void draw_all_series(cairo_t* cairo, const PlotLayout& layout, const std::vector<Series>& series) {
  const Rect& area = layout.plot_area();
  cairo_save(cairo);
  cairo_rectangle(cairo, area.left, area.top, area.width, area.height);
  cairo_clip(cairo);
  for (std::size_t position = 0; position < series.size(); ++position) {
    draw_series(cairo, layout, series[position], series_colour(position));
  }
  cairo_restore(cairo);
}

void draw_frame(cairo_t* cairo, const Rect& area) {
  const double left = crisp(cairo, area.left, frame_line_width);
  const double right = crisp(cairo, area.right(), frame_line_width);
  const double top = crisp(cairo, area.top, frame_line_width);
  const double bottom = crisp(cairo, area.bottom(), frame_line_width);
  cairo_rectangle(cairo, left, top, right - left, bottom - top);
  set_colour(cairo, text_colour);
  cairo_set_line_width(cairo, frame_line_width);
  cairo_stroke(cairo);
}

void draw_ticks(cairo_t* cairo, const PlotLayout& layout, const AxisText& x_axis, const AxisText& y_axis) {
  const Rect& area = layout.plot_area();
  for (const double tick : x_axis.ticks.values) {
    const double x = crisp(cairo, layout.canvas_x(tick), frame_line_width);
    cairo_move_to(cairo, x, area.bottom());
    cairo_line_to(cairo, x, area.bottom() + tick_length);
  }
  for (const double tick : y_axis.ticks.values) {
    const double y = crisp(cairo, layout.canvas_y(tick), frame_line_width);
    cairo_move_to(cairo, area.left, y);
    cairo_line_to(cairo, area.left - tick_length, y);
  }
  set_colour(cairo, text_colour);
  cairo_set_line_width(cairo, frame_line_width);
  cairo_stroke(cairo);

  use_font(cairo, tick_label_font_size);
  const double half_height = font_height(cairo).height / 2.0;
  for (std::size_t i = 0; i < x_axis.labels.size(); ++i) {
    show_text(cairo, x_axis.labels[i], layout.canvas_x(x_axis.ticks.values[i]), layout.x_tick_labels_top(),
              Anchor::centre);
  }
  for (std::size_t i = 0; i < y_axis.labels.size(); ++i) {
    show_text(cairo, y_axis.labels[i], layout.y_tick_labels_right(),
              layout.canvas_y(y_axis.ticks.values[i]) - half_height, Anchor::right);
  }
}

void draw_titles(cairo_t* cairo, const PlotLayout& layout, const ModelView& view) {
  const Rect& area = layout.plot_area();
  const double centre_x = area.left + area.width / 2.0;
  set_colour(cairo, text_colour);
  use_font(cairo, title_font_size);
  if (!view.title.empty()) show_text(cairo, view.title, centre_x, layout.title_top(), Anchor::centre);
  use_font(cairo, axis_label_font_size);
  if (!view.x_label.empty()) show_text(cairo, view.x_label, centre_x, layout.x_label_top(), Anchor::centre);
  if (!view.y_label.empty()) {
    // Turned a quarter anticlockwise, the text reads upwards with its top towards the left edge.
    cairo_save(cairo);
    cairo_translate(cairo, layout.y_label_left(), area.top + area.height / 2.0);
    cairo_rotate(cairo, -std::numbers::pi / 2.0);
    show_text(cairo, view.y_label, 0.0, 0.0, Anchor::centre);
    cairo_restore(cairo);
  }
}

void add_rounded_rectangle(cairo_t* cairo, const Rect& box, double radius) {
  const double half_pi = std::numbers::pi / 2.0;
  cairo_new_sub_path(cairo);
  cairo_arc(cairo, box.right() - radius, box.top + radius, radius, -half_pi, 0.0);
  cairo_arc(cairo, box.right() - radius, box.bottom() - radius, radius, 0.0, half_pi);
  cairo_arc(cairo, box.left + radius, box.bottom() - radius, radius, half_pi, 2.0 * half_pi);
  cairo_arc(cairo, box.left + radius, box.top + radius, radius, 2.0 * half_pi, 3.0 * half_pi);
  cairo_close_path(cairo);
}

void draw_legend(cairo_t* cairo, const PlotLayout& layout, const std::vector<Series>& series) {
  std::vector<std::size_t> named;
  for (std::size_t position = 0; position < series.size(); ++position) {
    if (!series[position].name.empty()) named.push_back(position);
  }
  if (named.empty()) return;

  use_font(cairo, legend_font_size);
  const FontHeight font = font_height(cairo);
  const double row_height = font.height * legend_row_spacing;
  double widest_name = 0.0;
  for (const std::size_t position : named)
    widest_name = std::max(widest_name, text_width(cairo, series[position].name));
  const double width = 2.0 * legend_padding + legend_handle_length + legend_handle_gap + widest_name;
  const double height = 2.0 * legend_padding + row_height * static_cast<double>(named.size());

  std::vector<Point> hidden_candidates;
  for (const Series& one : series) {
    const std::vector<Point> points = canvas_points(layout, one);
    hidden_candidates.insert(hidden_candidates.end(), points.begin(), points.end());
  }
  const Rect box = place_legend(layout.plot_area(), width, height, legend_inset, hidden_candidates);

  add_rounded_rectangle(cairo, box, legend_corner_radius);
  cairo_set_source_rgba(cairo, background_colour.red, background_colour.green, background_colour.blue,
                        legend_background_opacity);
  cairo_fill_preserve(cairo);
  set_colour(cairo, legend_border_colour);
  cairo_set_line_width(cairo, frame_line_width);
  cairo_stroke(cairo);

  for (std::size_t row = 0; row < named.size(); ++row) {
    const Series& entry = series[named[row]];
    const double text_top =
        box.top + legend_padding + static_cast<double>(row) * row_height + (row_height - font.height) / 2.0;
    const double middle_y = text_top + font.height / 2.0;
    const double handle_left = box.left + legend_padding;
    set_series_colour(cairo, series_colour(named[row]), entry.style);
    if (is_filled(entry.style)) {
      cairo_rectangle(cairo, handle_left + legend_handle_length / 4.0, middle_y - font.height / 3.0,
                      legend_handle_length / 2.0, 2.0 * font.height / 3.0);
      cairo_fill(cairo);
    }
    if (has_line(entry.style)) {
      cairo_move_to(cairo, handle_left, middle_y);
      cairo_line_to(cairo, handle_left + legend_handle_length, middle_y);
      stroke_series_line(cairo, entry.style);
    }
    if (has_markers(entry.style)) {
      add_marker(cairo, {handle_left + legend_handle_length / 2.0, middle_y});
      cairo_fill(cairo);
    }
    set_colour(cairo, text_colour);
    show_text(cairo, entry.name, handle_left + legend_handle_length + legend_handle_gap, text_top,
              Anchor::left);
  }
}

}  // namespace

void draw_plot(cairo_t* cairo, const ModelView& view, double width, double height) {
  cairo_save(cairo);
  set_colour(cairo, background_colour);
  cairo_paint(cairo);

  const PlotRanges ranges = plot_ranges(view.series);
  const AxisText x_axis = axis_text(ranges.x);
  const AxisText y_axis = axis_text(ranges.y);
  const PlotLayout layout(width, height, measure_frame_text(cairo, view, x_axis, y_axis), ranges);

  draw_grid(cairo, layout, x_axis, y_axis);
  draw_all_series(cairo, layout, view.series);
  draw_frame(cairo, layout.plot_area());
  draw_ticks(cairo, layout, x_axis, y_axis);
  draw_titles(cairo, layout, view);
  draw_legend(cairo, layout, view.series);
  cairo_restore(cairo);

  if (const cairo_status_t status = cairo_status(cairo); status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo drawing failed: ") + cairo_status_to_string(status));
  }
}

}  // namespace png_plotter
