// Draws a ModelView with cairo: title, axis labels, nice ticks with a light grid, each series in
// its style and colour, and a legend of the series names.
#pragma once

#include <cairo.h>

#include "event_engine/model_view.hpp"

namespace png_plotter {

// Draws `view` over a `width` x `height` canvas in the user space of `cairo`; the caller scales
// that space for high-DPI output. Paints an opaque white background first. Throws
// std::runtime_error if cairo fails.
void draw_plot(cairo_t* cairo, const event_engine::ModelView& view, double width, double height);

}  // namespace png_plotter
