#include "render/series_palette.hpp"

#include <cstdint>
#include <iterator>

namespace png_plotter {
namespace {

constexpr std::uint32_t tab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

}  // namespace

Colour series_colour(std::size_t position) noexcept {
  const std::uint32_t rgb = tab10[position % std::size(tab10)];
  return {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0};
}

}  // namespace png_plotter
