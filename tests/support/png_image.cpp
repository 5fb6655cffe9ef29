#include "png_image.hpp"

#include <cairo.h>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

namespace event_engine::testing {
namespace {

struct ByteReader {
  std::string_view bytes;
  std::size_t offset = 0;
};

cairo_status_t read_bytes(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<ByteReader*>(closure);
  if (reader->bytes.size() - reader->offset < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->bytes.data() + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

std::optional<PngImage> image_of(cairo_surface_t* surface) {
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
  image.pixels.reserve(static_cast<std::size_t>(image.width) * image.height);
  for (int y = 0; y < image.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < image.width; ++x) {
      colours.insert(row[x]);
      image.pixels.push_back(row[x] & 0xffffffu);
    }
  }
  image.distinct_colours = static_cast<int>(colours.size());
  cairo_surface_destroy(surface);
  return image;
}

}  // namespace

bool PngImage::near(int x, int y, std::uint32_t rgb, int tolerance) const {
  const std::uint32_t pixel = at(x, y);
  for (const int shift : {0, 8, 16}) {
    const int difference =
        static_cast<int>((pixel >> shift) & 0xffu) - static_cast<int>((rgb >> shift) & 0xffu);
    if (std::abs(difference) > tolerance) return false;
  }
  return true;
}

std::optional<PngImage> decode_png(const std::filesystem::path& file) {
  return image_of(cairo_image_surface_create_from_png(file.c_str()));
}

std::optional<PngImage> decode_png_bytes(std::string_view bytes) {
  ByteReader reader{bytes};
  return image_of(cairo_image_surface_create_from_png_stream(read_bytes, &reader));
}

}  // namespace event_engine::testing
