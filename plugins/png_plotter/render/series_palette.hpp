// Series colours by position: matplotlib's default cycle ("tab10"), so the first series is blue
// and the second orange, as in the seed's plots.
#pragma once

#include <cstddef>

namespace png_plotter {

struct Colour {
  double red = 0.0;
  double green = 0.0;
  double blue = 0.0;
};

// The colour of the series at `position`; the ten colours repeat after the tenth series.
Colour series_colour(std::size_t position) noexcept;

}  // namespace png_plotter
