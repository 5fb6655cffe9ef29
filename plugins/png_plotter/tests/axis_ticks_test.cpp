#include "render/axis_ticks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <set>

namespace png_plotter {
namespace {

TEST(NiceTicks, UnitRangeStepsByTwoTenths) {
  const AxisTicks ticks = nice_ticks(0.0, 1.0);
  ASSERT_EQ(ticks.values.size(), 6u);
  EXPECT_DOUBLE_EQ(ticks.step, 0.2);
  for (std::size_t i = 0; i < ticks.values.size(); ++i) EXPECT_NEAR(ticks.values[i], 0.2 * i, 1e-12);
  EXPECT_EQ(tick_labels(ticks), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(NiceTicks, RangeWithMarginsKeepsTicksInside) {
  const AxisTicks ticks = nice_ticks(-0.05, 1.05);
  EXPECT_EQ(tick_labels(ticks), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(NiceTicks, PosteriorDensityRangeUsesFiveThousandths) {
  const AxisTicks ticks = nice_ticks(-0.0019, 0.0404);
  EXPECT_DOUBLE_EQ(ticks.step, 0.005);
  EXPECT_EQ(tick_labels(ticks), (std::vector<std::string>{"0.000", "0.005", "0.010", "0.015", "0.020",
                                                          "0.025", "0.030", "0.035", "0.040"}));
}

TEST(NiceTicks, NegativeRangeHasNoNegativeZero) {
  EXPECT_EQ(tick_labels(nice_ticks(-7.0, 3.0)), (std::vector<std::string>{"-6", "-4", "-2", "0", "2"}));
  EXPECT_EQ(tick_labels(nice_ticks(-0.25, 0.05)),
            (std::vector<std::string>{"-0.25", "-0.20", "-0.15", "-0.10", "-0.05", "0.00", "0.05"}));
}

TEST(NiceTicks, TinyRangeUsesScientificLabels) {
  const AxisTicks ticks = nice_ticks(0.0, 3e-7);
  EXPECT_DOUBLE_EQ(ticks.step, 5e-8);
  ASSERT_EQ(ticks.values.size(), 7u);
  const std::vector<std::string> labels = tick_labels(ticks);
  EXPECT_EQ(labels[1], "5.0e-08");
  EXPECT_EQ(labels[6], "3.0e-07");
}

TEST(NiceTicks, LargeRangeUsesScientificLabels) {
  const AxisTicks ticks = nice_ticks(0.0, 2.5e9);
  EXPECT_DOUBLE_EQ(ticks.step, 5e8);
  EXPECT_EQ(tick_labels(ticks),
            (std::vector<std::string>{"0.0e+00", "5.0e+08", "1.0e+09", "1.5e+09", "2.0e+09", "2.5e+09"}));
}

TEST(NiceTicks, NarrowRangeFarFromZero) {
  EXPECT_EQ(tick_labels(nice_ticks(1000.0, 1001.0)),
            (std::vector<std::string>{"1000.0", "1000.2", "1000.4", "1000.6", "1000.8", "1001.0"}));
}

// Found by fuzz/plot_layout_fuzz: a lone tick at zero in a range this small asked for 79 decimals,
// which did not fit the formatting buffer, and the label was the buffer's 64 unwritten bytes.
TEST(NiceTicks, ALoneZeroTickInATinyRangeReadsZero) {
  const AxisTicks ticks = nice_ticks(-4.4220793466370748e-79, 2.1057520698271787e-80, 2);
  ASSERT_EQ(ticks.values, std::vector<double>{0.0});
  EXPECT_EQ(tick_labels(ticks), std::vector<std::string>{"0"});
}

// Found by fuzz/plot_layout_fuzz (UndefinedBehaviorSanitizer, so it fails under make sanitize): a
// span of one denormal divided down to a step of 0, the tick count was NaN and converting it to int
// is undefined behaviour.
TEST(NiceTicks, ASpanOfDenormalsHasNoTicksRatherThanANaNCount) {
  const double smallest = std::numeric_limits<double>::denorm_min();
  EXPECT_TRUE(nice_ticks(0.0, smallest).values.empty());
  EXPECT_TRUE(nice_ticks(-smallest, smallest).values.empty());
}

// Found by fuzz/plot_layout_fuzz: past 2^53, the tick number first + i rounds back to first (here
// about 2e16, where doubles are 4 apart), and the same tick was drawn, and labelled, twice.
TEST(NiceTicks, ARangeFarFromZeroHasNoTickTwice) {
  const double low = 1e21;
  const double high = std::nextafter(std::nextafter(low, 2e21), 2e21);  // two doubles higher
  const AxisTicks ticks = nice_ticks(low, high, 10);
  ASSERT_FALSE(ticks.values.empty());
  for (std::size_t i = 1; i < ticks.values.size(); ++i) EXPECT_LT(ticks.values[i - 1], ticks.values[i]);
}

// Found by fuzz/plot_layout_fuzz: far from zero, k * step rounded past the top of this tiny range
// by 2% of its span, and the tick was drawn outside the plot area.
TEST(NiceTicks, TicksOfATinyRangeFarFromZeroStayInside) {
  const double low = -0.74509803921569095;
  const double high = -0.74509803921568518;
  for (int max_ticks = 2; max_ticks <= 12; ++max_ticks) {
    for (const double value : nice_ticks(low, high, max_ticks).values) {
      EXPECT_GE(value, low) << max_ticks;
      EXPECT_LE(value, high) << max_ticks;
    }
  }
}

TEST(NiceTicks, EmptyOrNonFiniteRangeHasNoTicks) {
  const double infinity = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(nice_ticks(1.0, 1.0).values.empty());
  EXPECT_TRUE(nice_ticks(2.0, 1.0).values.empty());
  EXPECT_TRUE(nice_ticks(0.0, infinity).values.empty());
  EXPECT_TRUE(nice_ticks(std::nan(""), 1.0).values.empty());
  EXPECT_TRUE(tick_labels(nice_ticks(1.0, 1.0)).empty());
}

bool is_nice_step(double step) {
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
  return std::abs(mantissa - 1.0) < 1e-9 || std::abs(mantissa - 2.0) < 1e-9 ||
         std::abs(mantissa - 5.0) < 1e-9 || std::abs(mantissa - 10.0) < 1e-9;
}

TEST(NiceTicks, RandomRangesGetThreeToNineDistinctNiceTicksInside) {
  std::mt19937_64 random(20240611);
  std::uniform_real_distribution<double> exponent(-12.0, 12.0);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int trial = 0; trial < 20000; ++trial) {
    const double scale = std::pow(10.0, exponent(random));
    const double low = unit(random) * scale;
    const double high = low + std::abs(unit(random)) * scale + scale * 1e-6;
    const AxisTicks ticks = nice_ticks(low, high);
    SCOPED_TRACE(testing::Message() << "[" << low << ", " << high << "]");
    ASSERT_GE(ticks.values.size(), 3u);
    ASSERT_LE(ticks.values.size(), 9u);
    ASSERT_TRUE(is_nice_step(ticks.step));
    ASSERT_GE(ticks.values.front(), low - ticks.step * 1e-6);
    ASSERT_LE(ticks.values.back(), high + ticks.step * 1e-6);
    const std::vector<std::string> labels = tick_labels(ticks);
    ASSERT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), labels.size());
  }
}

}  // namespace
}  // namespace png_plotter
