// A ModelView drawn into image bytes: PNG through the fast encoder, or SVG through cairo's SVG surface.
#pragma once

#include <string>

#include "event_engine/model_view.hpp"
#include "render/cairo_handles.hpp"
#include "render/png_encoding.hpp"

namespace png_plotter {

// The canvas in layout units; a PNG has width*scale x height*scale pixels, for high-DPI screens.
struct CanvasSize {
  int width = 640;
  int height = 480;
  double scale = 1.0;
};

// An image surface kept from one plot to the next. Creating one per plot costs mapping, faulting
// in and unmapping its 1.2 MB (640x480) each time, and makes every plot a peak of the process's
// resident memory. Not thread-safe: one per rendering thread.
class PngCanvas {
 public:
  // Throws std::runtime_error if cairo cannot create the surface (out of memory, too large).
  explicit PngCanvas(const CanvasSize& size);
  // Throws std::runtime_error if cairo or libpng fails.
  std::string render(const event_engine::ModelView& view, const PngEncoding& encoding);

 private:
  CanvasSize size_;
  CairoSurface surface_;
};

// A plot on a canvas of its own, for one-off images. Throws as PngCanvas does.
std::string render_png(const event_engine::ModelView& view, const CanvasSize& size,
                       const PngEncoding& encoding);
std::string render_svg(const event_engine::ModelView& view, const CanvasSize& size);

}  // namespace png_plotter
