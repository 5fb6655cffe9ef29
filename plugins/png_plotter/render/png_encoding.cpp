#include "render/png_encoding.hpp"

#include <png.h>

#include <bit>
#include <csetjmp>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace png_plotter {
namespace {

// libpng reports errors by longjmp; the message is kept in plain memory so that nothing with a
// destructor lives in the frames the jump crosses.
struct EncoderState {
  std::string* output = nullptr;
  bool out_of_memory = false;
  char error_message[200] = "";
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<EncoderState*>(png_get_error_ptr(png));
  std::snprintf(state->error_message, sizeof state->error_message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void append_to_output(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<EncoderState*>(png_get_io_ptr(png));
  try {
    state->output->append(reinterpret_cast<const char*>(data), length);
  } catch (const std::bad_alloc&) {
    state->out_of_memory = true;
  }
  // Outside the handler: jumping out of a catch block would leave the exception half handled.
  if (state->out_of_memory) png_error(png, "out of memory");
}

void flush_output(png_structp) {}

}  // namespace

std::string encode_png(cairo_surface_t* image, const PngEncoding& encoding) {
  if (cairo_surface_get_type(image) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format(image) != CAIRO_FORMAT_RGB24) {
    throw std::invalid_argument("encode_png needs a CAIRO_FORMAT_RGB24 image surface");
  }
  cairo_surface_flush(image);
  const int width = cairo_image_surface_get_width(image);
  const int height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  unsigned char* const pixels = cairo_image_surface_get_data(image);

  std::string output;
  output.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) / 8);
  std::vector<png_bytep> rows(static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y)
    rows[static_cast<std::size_t>(y)] = pixels + static_cast<std::ptrdiff_t>(y) * stride;
  EncoderState state;
  state.output = &output;

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  if (png == nullptr) throw std::runtime_error("PNG encoding failed: cannot create the libpng writer");
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("PNG encoding failed: cannot create the libpng info");
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error(std::string("PNG encoding failed: ") + state.error_message);
  }

  png_set_write_fn(png, &state, append_to_output, flush_output);
  png_set_compression_level(png, encoding.compression_level);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  // RGB24 pixels are native-endian 32-bit words 0xXXRRGGBB: libpng drops the unused byte and
  // reorders the rest while writing, so no converted copy of the image is made.
  if constexpr (std::endian::native == std::endian::little) {
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
  } else {
    png_set_filler(png, 0, PNG_FILLER_BEFORE);
  }
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return output;
}

}  // namespace png_plotter
