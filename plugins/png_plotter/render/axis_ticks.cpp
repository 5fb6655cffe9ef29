#include "render/axis_ticks.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace png_plotter {
namespace {

// A tick that lands on an end of the range only through rounding error still counts.
constexpr double end_tolerance = 1e-9;

int decimal_exponent(double value) { return static_cast<int>(std::floor(std::log10(value) + end_tolerance)); }

std::string formatted(double value, std::chars_format format, int precision) {
  // A tick computed as -0.0 would read "-0.0".
  if (value == 0.0) value = 0.0;
  char text[64];
  auto result = std::to_chars(std::begin(text), std::end(text), value, format, precision);
  // Too many decimals for the buffer: the shortest text that reads back as the value, which
  // always fits (24 characters at most), rather than the buffer's unwritten bytes.
  if (result.ec != std::errc()) result = std::to_chars(std::begin(text), std::end(text), value);
  return std::string(text, result.ptr);
}

}  // namespace

AxisTicks nice_ticks(double low, double high, int max_ticks) {
  const double span = high - low;
  if (!(span > 0.0) || !std::isfinite(span) || max_ticks < 2) return {};
  const double smallest_step = span / (max_ticks - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(smallest_step)));
  // A span of a few denormals divides down to 0, and a step of 0 would make the count NaN.
  if (!(magnitude > 0.0)) return {};
  for (const double multiple : {1.0, 2.0, 5.0, 10.0}) {
    const double step = multiple * magnitude;
    const double first = std::ceil(low / step - end_tolerance);
    const double last = std::floor(high / step + end_tolerance);
    const double count = last - first + 1.0;
    // Written so that NaN fails too: converting it to int is undefined.
    if (!(count <= max_ticks)) continue;
    AxisTicks ticks;
    ticks.step = step;
    // Counting ticks, not stepping a double, so that a huge offset cannot stall the loop.
    for (int i = 0; i < static_cast<int>(count); ++i) {
      // The product rounds: far from zero, by more than a tiny span's tolerance, which would put a
      // tick outside the plot area, and past 2^53 first + i can round to the tick before. Such
      // ticks are left out.
      const double value = (first + i) * step;
      if (value >= low - span * end_tolerance && value <= high + span * end_tolerance &&
          (ticks.values.empty() || value > ticks.values.back()))
        ticks.values.push_back(value);
    }
    return ticks;
  }
  return {};
}

std::vector<std::string> tick_labels(const AxisTicks& ticks) {
  double largest = 0.0;
  for (const double value : ticks.values) largest = std::max(largest, std::abs(value));
  std::vector<std::string> labels;
  labels.reserve(ticks.values.size());
  if (ticks.values.empty() || !(ticks.step > 0.0)) return labels;

  const int step_exponent = decimal_exponent(ticks.step);
  const bool scientific = largest >= 1e6 || (largest > 0.0 && largest < 1e-4);
  const std::chars_format format = scientific ? std::chars_format::scientific : std::chars_format::fixed;
  // A lone tick at zero ("0") needs no decimals, however small the step around it.
  const int precision = largest == 0.0 ? 0
                        : scientific   ? std::max(0, decimal_exponent(largest) - step_exponent)
                                       : std::max(0, -step_exponent);
  for (const double value : ticks.values) labels.push_back(formatted(value, format, precision));
  return labels;
}

}  // namespace png_plotter
