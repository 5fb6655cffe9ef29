// PNG bytes decoded back into pixels, so that tests check what a viewer would show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace png_plotter {

struct DecodedPng {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels;  // 0xRRGGBB, row by row

  std::uint32_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
  // Pixels whose every channel is within `tolerance` of `rgb`.
  std::size_t count_near(std::uint32_t rgb, int tolerance) const;
};

// Throws std::runtime_error if `bytes` is not a PNG.
DecodedPng decode_png(std::string_view bytes);

}  // namespace png_plotter
