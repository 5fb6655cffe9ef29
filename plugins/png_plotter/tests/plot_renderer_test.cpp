#include "render/plot_renderer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "render/cairo_handles.hpp"
#include "render/plot_drawing.hpp"
#include "tests/decoded_png.hpp"

namespace png_plotter {
namespace {

using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesStyle;

constexpr std::uint32_t white = 0xffffff;
constexpr std::uint32_t first_series_blue = 0x1f77b4;
constexpr std::uint32_t second_series_orange = 0xff7f0e;
constexpr int antialiasing_tolerance = 6;

// A posterior after `successes` of `trials`, drawn over a flat prior, like the default model's view.
ModelView posterior_and_prior(int trials, int successes) {
  ModelView view;
  view.title = "Posterior after " + std::to_string(trials) + " trials";
  view.x_label = "probability of water";
  view.y_label = "posterior probability";
  view.tag = "n_" + std::to_string(trials) + "_w_" + std::to_string(successes);
  Series posterior{"Posterior", {}, {}, SeriesStyle::line_with_markers};
  Series prior{"Prior", {}, {}, SeriesStyle::dashed};
  const int points = 120;
  double total = 0.0;
  for (int i = 0; i < points; ++i) {
    const double p = i / (points - 1.0);
    posterior.x.push_back(p);
    posterior.y.push_back(std::pow(p, successes) * std::pow(1.0 - p, trials - successes));
    total += posterior.y.back();
    prior.x.push_back(p);
    prior.y.push_back(1.0 / points);
  }
  for (double& y : posterior.y) y /= total;
  view.series = {posterior, prior};
  return view;
}

TEST(RenderPng, DefaultSizeIs640By480AndNotBlank) {
  const DecodedPng image = decode_png(render_png(posterior_and_prior(9, 6), {}, {}));
  EXPECT_EQ(image.width, 640);
  EXPECT_EQ(image.height, 480);
  const std::size_t background = image.count_near(white, 0);
  EXPECT_GT(background, image.pixels.size() / 2);
  EXPECT_GT(image.pixels.size() - background, 5000u);
  EXPECT_EQ(image.at(0, 0), white);
}

// Found by fuzz/plot_layout_fuzz: cairo refused the whole drawing ("input string not valid
// UTF-8") for one such byte, so a model with a Latin-1 series name had no plot at all.
TEST(RenderPng, TextThatIsNotUtf8IsDrawnNotRefused) {
  ModelView view = posterior_and_prior(9, 6);
  view.title = "caf\xE9";
  view.series[0].name = "\xFF\xFE";
  view.x_label = "\xC0\xAF";
  const DecodedPng image = decode_png(render_png(view, {}, {}));
  EXPECT_EQ(image.width, 640);
  EXPECT_NE(render_svg(view, {}).find("<svg"), std::string::npos);
}

TEST(RenderPng, ScaleMultipliesThePixels) {
  const DecodedPng image = decode_png(render_png(posterior_and_prior(9, 6), {640, 480, 2.0}, {}));
  EXPECT_EQ(image.width, 1280);
  EXPECT_EQ(image.height, 960);
  const DecodedPng small = decode_png(render_png(posterior_and_prior(9, 6), {300, 200, 1.5}, {}));
  EXPECT_EQ(small.width, 450);
  EXPECT_EQ(small.height, 300);
}

TEST(RenderPng, FirstSeriesIsBlueAndSecondOrange) {
  const DecodedPng image = decode_png(render_png(posterior_and_prior(9, 6), {}, {}));
  EXPECT_GT(image.count_near(first_series_blue, antialiasing_tolerance), 300u);
  EXPECT_GT(image.count_near(second_series_orange, antialiasing_tolerance), 300u);
}

TEST(RenderPng, ColoursFollowSeriesPositionNotName) {
  ModelView only_prior = posterior_and_prior(9, 6);
  only_prior.series.erase(only_prior.series.begin());
  const DecodedPng image = decode_png(render_png(only_prior, {}, {}));
  EXPECT_GT(image.count_near(first_series_blue, antialiasing_tolerance), 300u);
  EXPECT_EQ(image.count_near(second_series_orange, antialiasing_tolerance), 0u);
}

TEST(RenderPng, DifferentViewsGiveDifferentImages) {
  const std::string early = render_png(posterior_and_prior(2, 1), {}, {});
  const std::string later = render_png(posterior_and_prior(9, 6), {}, {});
  EXPECT_NE(early, later);
  const DecodedPng early_image = decode_png(early);
  const DecodedPng later_image = decode_png(later);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < early_image.pixels.size(); ++i)
    differing += early_image.pixels[i] != later_image.pixels[i];
  EXPECT_GT(differing, 1000u);
}

TEST(RenderPng, SameViewGivesSameBytes) {
  EXPECT_EQ(render_png(posterior_and_prior(9, 6), {}, {}), render_png(posterior_and_prior(9, 6), {}, {}));
}

TEST(PngCanvas, AReusedCanvasKeepsNothingOfThePreviousPlot) {
  PngCanvas canvas({});
  const std::string first = canvas.render(posterior_and_prior(2, 1), {});
  const std::string second = canvas.render(posterior_and_prior(9, 6), {});
  const std::string back_to_first = canvas.render(posterior_and_prior(2, 1), {});
  EXPECT_EQ(first, render_png(posterior_and_prior(2, 1), {}, {}));
  EXPECT_EQ(second, render_png(posterior_and_prior(9, 6), {}, {}));
  EXPECT_EQ(back_to_first, first);
}

TEST(RenderPng, ViewWithoutSeriesOrWithUndrawablePointsStillRenders) {
  const DecodedPng empty = decode_png(render_png(ModelView{"Nothing yet", "x", "y", "empty", {}}, {}, {}));
  EXPECT_EQ(empty.width, 640);
  ModelView gaps = posterior_and_prior(9, 6);
  gaps.series[0].y[10] = std::numeric_limits<double>::quiet_NaN();
  gaps.series[0].y[11] = std::numeric_limits<double>::infinity();
  gaps.series[1].x.pop_back();  // x and y of unequal length
  const DecodedPng image = decode_png(render_png(gaps, {}, {}));
  EXPECT_GT(image.count_near(first_series_blue, antialiasing_tolerance), 300u);
}

TEST(EncodePng, DecodesToExactlyTheDrawnPixelsAtEveryLevel) {
  const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 640, 480));
  const CairoContext cairo(cairo_create(surface.get()));
  draw_plot(cairo.get(), posterior_and_prior(9, 6), 640, 480);
  cairo_surface_flush(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  for (const int level : {0, 1, 6, 9}) {
    SCOPED_TRACE(level);
    const DecodedPng decoded = decode_png(encode_png(surface.get(), {level}));
    ASSERT_EQ(decoded.width, 640);
    ASSERT_EQ(decoded.height, 480);
    std::size_t differing = 0;
    for (int y = 0; y < 480; ++y) {
      const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
      for (int x = 0; x < 640; ++x) differing += (row[x] & 0xffffff) != decoded.at(x, y);
    }
    EXPECT_EQ(differing, 0u);
  }
}

TEST(EncodePng, FastLevelIsMuchSmallerThanRawPixels) {
  const std::string png = render_png(posterior_and_prior(9, 6), {}, {1});
  EXPECT_LT(png.size(), 640u * 480u * 3u / 10u);
}

TEST(EncodePng, RefusesAnImageWithAlpha) {
  const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
  EXPECT_THROW(encode_png(surface.get(), {}), std::invalid_argument);
}

TEST(RenderSvg, IsAnSvgDocumentOfTheCanvasSize) {
  const std::string svg = render_svg(posterior_and_prior(9, 6), {});
  ASSERT_FALSE(svg.empty());
  EXPECT_TRUE(svg.starts_with("<?xml") || svg.starts_with("<svg"));
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"640px\""), std::string::npos);
  EXPECT_NE(svg.find("height=\"480px\""), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("rgb(12.156863%,46.666667%,70.588235%)"), std::string::npos) << "first series blue";
  EXPECT_NE(render_svg(posterior_and_prior(2, 1), {}), svg);
}

}  // namespace
}  // namespace png_plotter

namespace png_plotter {
namespace {

// Rows of `column` in the first series' blue, top to bottom.
int blue_rows(const DecodedPng& image, int column) {
  int rows = 0;
  for (int y = 0; y < image.height; ++y) {
    const std::uint32_t pixel = image.at(column, y);
    rows += std::abs(static_cast<int>(pixel >> 16) - 0x1f) <= antialiasing_tolerance &&
            std::abs(static_cast<int>((pixel >> 8) & 0xff) - 0x77) <= antialiasing_tolerance &&
            std::abs(static_cast<int>(pixel & 0xff) - 0xb4) <= antialiasing_tolerance;
  }
  return rows;
}

TEST(RenderPng, BarsStandOnZeroApartAndAsHighAsTheirValues) {
  ModelView histogram{"Posterior predictive distribution", "Predicted w count", "Frequency", "bars", {}};
  histogram.series.push_back({"", {0.0, 1.0, 2.0, 3.0}, {10.0, 40.0, 20.0, 0.0}, SeriesStyle::bars});
  const DecodedPng image = decode_png(render_png(histogram, {}, {}));
  // Columns holding blue, in runs: one run per bar with a non-zero value, gaps between them.
  std::vector<int> heights;
  bool in_bar = false;
  for (int x = 0; x < image.width; ++x) {
    const int rows = blue_rows(image, x);
    if (rows > 0 && !in_bar) heights.push_back(0);
    if (rows > 0) heights.back() = std::max(heights.back(), rows);
    in_bar = rows > 0;
  }
  ASSERT_EQ(heights.size(), 3u);
  // Heights in pixels are proportional to the values (to a pixel of antialiasing).
  EXPECT_NEAR(static_cast<double>(heights[1]) / heights[0], 4.0, 0.1);
  EXPECT_NEAR(static_cast<double>(heights[2]) / heights[0], 2.0, 0.05);
}

TEST(RenderPng, AFaintSeriesIsPaleAndNotTheFullColour) {
  ModelView view = posterior_and_prior(9, 6);
  view.series.erase(view.series.begin() + 1);
  view.series[0].style = SeriesStyle::faint;
  const DecodedPng image = decode_png(render_png(view, {}, {}));
  EXPECT_EQ(image.count_near(first_series_blue, antialiasing_tolerance), 0u);
  EXPECT_GT(image.pixels.size() - image.count_near(white, 0), 2000u);
}

}  // namespace
}  // namespace png_plotter
