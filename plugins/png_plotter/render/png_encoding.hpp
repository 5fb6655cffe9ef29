// PNG encoding of a drawn image through libpng, tuned for speed: cairo's own writer spends most of
// a plot's time in zlib at the default level; level 1 without filters takes a quarter of that for a
// file about a quarter larger.
#pragma once

#include <cairo.h>

#include <string>

namespace png_plotter {

struct PngEncoding {
  int compression_level = 1;  // zlib level, 0 (store) to 9 (smallest)
};

// The PNG bytes (8-bit RGB) of an opaque CAIRO_FORMAT_RGB24 image surface. Throws
// std::invalid_argument for another kind of surface and std::runtime_error if libpng fails.
std::string encode_png(cairo_surface_t* image, const PngEncoding& encoding);

}  // namespace png_plotter
