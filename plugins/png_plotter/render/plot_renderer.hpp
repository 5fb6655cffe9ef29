// A ModelView drawn into image bytes: PNG through the fast encoder, or SVG through cairo's SVG surface.
#pragma once

#include <string>

#include "event_engine/model_view.hpp"
#include "render/png_encoding.hpp"

namespace png_plotter {

// The canvas in layout units; a PNG has width*scale x height*scale pixels, for high-DPI screens.
struct CanvasSize {
  int width = 640;
  int height = 480;
  double scale = 1.0;
};

// Throw std::runtime_error if cairo or libpng fails (out of memory, an image too large).
std::string render_png(const event_engine::ModelView& view, const CanvasSize& size,
                       const PngEncoding& encoding);
std::string render_svg(const event_engine::ModelView& view, const CanvasSize& size);

}  // namespace png_plotter
