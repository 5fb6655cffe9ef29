// Decodes a PNG file with cairo, for tests that check what the plotter wrote.
#pragma once

#include <filesystem>
#include <optional>

namespace event_engine::testing {

struct PngImage {
  int width = 0;
  int height = 0;
  int distinct_colours = 0;  // a blank image has 1
};

// nullopt if the file is missing or not a valid PNG.
std::optional<PngImage> decode_png(const std::filesystem::path& file);

}  // namespace event_engine::testing
