#include "render/plot_layout.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "render/axis_range.hpp"
#include "render/legend_placement.hpp"
#include "render/series_palette.hpp"

namespace png_plotter {
namespace {

using event_engine::Series;

TEST(PlotRanges, CoverEveryPointWithFivePercentMargins) {
  const PlotRanges ranges = plot_ranges({Series{"a", {0.0, 1.0}, {0.0, 2.0}}, Series{"b", {0.5}, {-2.0}}});
  EXPECT_DOUBLE_EQ(ranges.x.low, -0.05);
  EXPECT_DOUBLE_EQ(ranges.x.high, 1.05);
  EXPECT_DOUBLE_EQ(ranges.y.low, -2.2);
  EXPECT_DOUBLE_EQ(ranges.y.high, 2.2);
}

TEST(PlotRanges, SkipPointsThatCannotBeDrawn) {
  const double infinity = std::numeric_limits<double>::infinity();
  const PlotRanges ranges =
      plot_ranges({Series{"a", {0.0, 1.0, 2.0, 3.0}, {1.0, std::nan(""), infinity, 3.0}}});
  EXPECT_DOUBLE_EQ(ranges.x.low, -0.15);
  EXPECT_DOUBLE_EQ(ranges.x.high, 3.15);
  EXPECT_DOUBLE_EQ(ranges.y.low, 0.9);
  EXPECT_DOUBLE_EQ(ranges.y.high, 3.1);
}

TEST(PlotRanges, SingleValueAndNoDataStillGiveARange) {
  const PlotRanges single = plot_ranges({Series{"a", {2.0, 4.0}, {10.0, 10.0}}});
  EXPECT_DOUBLE_EQ(single.y.low, 9.5);
  EXPECT_DOUBLE_EQ(single.y.high, 10.5);
  const PlotRanges zero = plot_ranges({Series{"a", {1.0}, {0.0}}});
  EXPECT_DOUBLE_EQ(zero.y.low, -0.5);
  EXPECT_DOUBLE_EQ(zero.y.high, 0.5);
  // 5e-324 times the 5 % margin rounds to zero: the range must still be wider than the point.
  const double smallest_denormal = std::numeric_limits<double>::denorm_min();
  const PlotRanges denormal = plot_ranges({Series{"a", {1.0}, {smallest_denormal}}});
  EXPECT_LT(denormal.y.low, denormal.y.high);
  EXPECT_DOUBLE_EQ(denormal.y.low, -0.5);
  EXPECT_DOUBLE_EQ(denormal.y.high, 0.5);
  const PlotRanges none = plot_ranges({});
  EXPECT_DOUBLE_EQ(none.x.low, 0.0);
  EXPECT_DOUBLE_EQ(none.x.high, 1.0);
}

FrameTextSizes typical_text() {
  FrameTextSizes text;
  text.title_height = 19.0;
  text.x_label_height = 16.0;
  text.y_label_height = 16.0;
  text.tick_label_height = 14.0;
  text.widest_x_tick_label = 22.0;
  text.widest_y_tick_label = 38.0;
  return text;
}

TEST(PlotLayout, PlotAreaLeavesRoomForTheTextAroundIt) {
  const FrameTextSizes text = typical_text();
  const PlotLayout layout(640, 480, text, {{0.0, 1.0}, {0.0, 1.0}});
  const Rect& area = layout.plot_area();
  EXPECT_GE(area.left, text.y_label_height + text.widest_y_tick_label + tick_length);
  EXPECT_GE(area.top, text.title_height);
  EXPECT_LE(area.bottom(), 480 - text.x_label_height - text.tick_label_height - tick_length);
  EXPECT_LE(area.right(), 640 - text.widest_x_tick_label / 2.0);
  // Most of the canvas is plot, as in matplotlib's default figure.
  EXPECT_GT(area.width, 0.8 * 640);
  EXPECT_GT(area.height, 0.8 * 480);
  // The text does not overlap: y label, y tick labels, plot; title, plot, x tick labels, x label.
  EXPECT_LE(layout.y_label_left() + text.y_label_height,
            layout.y_tick_labels_right() - text.widest_y_tick_label);
  EXPECT_LE(layout.title_top() + text.title_height, area.top);
  EXPECT_GE(layout.x_tick_labels_top(), area.bottom() + tick_length);
  EXPECT_GE(layout.x_label_top(), layout.x_tick_labels_top() + text.tick_label_height);
  EXPECT_LE(layout.x_label_top() + text.x_label_height, 480);
}

TEST(PlotLayout, RangeCornersMapToPlotAreaCornersWithYUpwards) {
  const PlotLayout layout(640, 480, typical_text(), {{-1.0, 3.0}, {10.0, 20.0}});
  const Rect& area = layout.plot_area();
  EXPECT_DOUBLE_EQ(layout.canvas_x(-1.0), area.left);
  EXPECT_DOUBLE_EQ(layout.canvas_x(3.0), area.right());
  EXPECT_DOUBLE_EQ(layout.canvas_y(10.0), area.bottom());
  EXPECT_DOUBLE_EQ(layout.canvas_y(20.0), area.top);
  const Point middle = layout.to_canvas(1.0, 15.0);
  EXPECT_DOUBLE_EQ(middle.x, area.left + area.width / 2.0);
  EXPECT_DOUBLE_EQ(middle.y, area.top + area.height / 2.0);
}

TEST(PlotLayout, TinyCanvasStillGivesAPositivePlotArea) {
  const PlotLayout layout(40, 30, typical_text(), {{0.0, 1.0}, {0.0, 1.0}});
  EXPECT_GT(layout.plot_area().width, 0.0);
  EXPECT_GT(layout.plot_area().height, 0.0);
}

TEST(LegendPlacement, UpperRightWhenNothingIsInTheWay) {
  const Rect area{100, 50, 500, 400};
  const Rect box = place_legend(area, 80, 40, 8, {});
  EXPECT_DOUBLE_EQ(box.right(), area.right() - 8);
  EXPECT_DOUBLE_EQ(box.top, area.top + 8);
  EXPECT_DOUBLE_EQ(box.width, 80);
  EXPECT_DOUBLE_EQ(box.height, 40);
}

TEST(LegendPlacement, MovesToTheCornerThatHidesTheFewestPoints) {
  const Rect area{0, 0, 400, 300};
  // A curve peaking on the right: both upper corners are busy, the upper right more so.
  const std::vector<Point> points = {{380, 20}, {370, 30}, {360, 25}, {20, 20}, {350, 280}};
  const Rect box = place_legend(area, 80, 40, 8, points);
  EXPECT_DOUBLE_EQ(box.left, 8);
  EXPECT_DOUBLE_EQ(box.bottom(), 300 - 8);
}

TEST(SeriesPalette, MatplotlibDefaultCycle) {
  const Colour first = series_colour(0);
  EXPECT_EQ(std::lround(first.red * 255), 0x1f);
  EXPECT_EQ(std::lround(first.green * 255), 0x77);
  EXPECT_EQ(std::lround(first.blue * 255), 0xb4);
  const Colour second = series_colour(1);
  EXPECT_EQ(std::lround(second.red * 255), 0xff);
  EXPECT_EQ(std::lround(second.green * 255), 0x7f);
  EXPECT_EQ(std::lround(second.blue * 255), 0x0e);
  EXPECT_EQ(std::lround(series_colour(2).green * 255), 0xa0);  // green, #2ca02c
  EXPECT_DOUBLE_EQ(series_colour(10).blue, first.blue);
}

}  // namespace
}  // namespace png_plotter
