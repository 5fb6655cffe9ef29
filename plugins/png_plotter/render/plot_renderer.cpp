#include "render/plot_renderer.hpp"

#include <cairo-svg.h>

#include <cmath>
#include <stdexcept>

#include "render/cairo_handles.hpp"
#include "render/plot_drawing.hpp"

namespace png_plotter {
namespace {

void check(cairo_status_t status, const char* doing) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(doing) + " failed: " + cairo_status_to_string(status));
  }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

}  // namespace

PngCanvas::PngCanvas(const CanvasSize& size)
    : size_(size),
      // The plot is opaque, so RGB24 suffices and the encoder needs no unpremultiplying.
      surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                          static_cast<int>(std::lround(size.width * size.scale)),
                                          static_cast<int>(std::lround(size.height * size.scale)))) {
  check(cairo_surface_status(surface_.get()), "creating the image surface");
}

std::string PngCanvas::render(const event_engine::ModelView& view, const PngEncoding& encoding) {
  {
    // draw_plot paints the whole background first, so nothing of the previous plot remains.
    const CairoContext cairo(cairo_create(surface_.get()));
    cairo_scale(cairo.get(), size_.scale, size_.scale);
    draw_plot(cairo.get(), view, size_.width, size_.height);
  }
  return encode_png(surface_.get(), encoding);
}

std::string render_png(const event_engine::ModelView& view, const CanvasSize& size,
                       const PngEncoding& encoding) {
  return PngCanvas(size).render(view, encoding);
}

std::string render_svg(const event_engine::ModelView& view, const CanvasSize& size) {
  std::string output;
  {
    const CairoSurface surface(
        cairo_svg_surface_create_for_stream(append_to_string, &output, size.width, size.height));
    check(cairo_surface_status(surface.get()), "creating the SVG surface");
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
    const CairoContext cairo(cairo_create(surface.get()));
    draw_plot(cairo.get(), view, size.width, size.height);
    // The SVG document is only complete once the surface is finished.
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "writing the SVG");
  }
  return output;
}

}  // namespace png_plotter
