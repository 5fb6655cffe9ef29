#include "tests/decoded_png.hpp"

#include <cairo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace png_plotter {
namespace {

struct PngReader {
  std::string_view rest;
};

cairo_status_t read_from(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->rest.size() < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->rest.data(), length);
  reader->rest.remove_prefix(length);
  return CAIRO_STATUS_SUCCESS;
}

int channel(std::uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xff); }

}  // namespace

std::size_t DecodedPng::count_near(std::uint32_t rgb, int tolerance) const {
  return static_cast<std::size_t>(std::count_if(pixels.begin(), pixels.end(), [&](std::uint32_t pixel) {
    return std::abs(channel(pixel, 16) - channel(rgb, 16)) <= tolerance &&
           std::abs(channel(pixel, 8) - channel(rgb, 8)) <= tolerance &&
           std::abs(channel(pixel, 0) - channel(rgb, 0)) <= tolerance;
  }));
}

DecodedPng decode_png(std::string_view bytes) {
  PngReader reader{bytes};
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read_from, &reader);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string reason = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    throw std::runtime_error("not a PNG: " + reason);
  }
  DecodedPng decoded;
  decoded.width = cairo_image_surface_get_width(surface);
  decoded.height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  decoded.pixels.reserve(static_cast<std::size_t>(decoded.width) * decoded.height);
  for (int y = 0; y < decoded.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < decoded.width; ++x) decoded.pixels.push_back(row[x] & 0xffffff);
  }
  cairo_surface_destroy(surface);
  return decoded;
}

}  // namespace png_plotter
