// PNG encoding of a drawn image through libpng, tuned for plots: they are mostly flat colour, so a
// fast zlib level compresses them nearly as well as the default level in a fraction of the time.
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
