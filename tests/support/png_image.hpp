// Decodes a PNG file with cairo, for tests that check what the plotter wrote.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace event_engine::testing {

struct PngImage {
  int width = 0;
  int height = 0;
  int distinct_colours = 0;           // a blank image has 1
  std::vector<std::uint32_t> pixels;  // 0xRRGGBB, row by row (alpha dropped)

  std::uint32_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
  // Whether the pixel's every channel is within `tolerance` of `rgb`.
  bool near(int x, int y, std::uint32_t rgb, int tolerance) const;
};

// nullopt if the file is missing or not a valid PNG.
std::optional<PngImage> decode_png(const std::filesystem::path& file);
// The same for PNG bytes, e.g. an HTTP answer's body.
std::optional<PngImage> decode_png_bytes(std::string_view bytes);

}  // namespace event_engine::testing
