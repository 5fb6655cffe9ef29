#include "png_image.hpp"

#include <cairo.h>
#include <cstdint>
#include <unordered_set>

namespace event_engine::testing {

std::optional<PngImage> decode_png(const std::filesystem::path& file) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png(file.c_str());
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return std::nullopt;
  }
  PngImage image;
  image.width = cairo_image_surface_get_width(surface);
  image.height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::unordered_set<std::uint32_t> colours;
  for (int y = 0; y < image.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < image.width; ++x) colours.insert(row[x]);
  }
  image.distinct_colours = static_cast<int>(colours.size());
  cairo_surface_destroy(surface);
  return image;
}

}  // namespace event_engine::testing
