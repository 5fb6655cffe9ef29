#include "render/drawable_text.hpp"

#include <cstdint>

namespace png_plotter {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// The length of the valid UTF-8 sequence at the start of `text`, 0 if there is none.
std::size_t valid_sequence_length(std::string_view text) {
  const auto byte = [&text](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t second_low = 0x80;
  std::uint8_t second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;   // overlong
    if (lead == 0xED) second_high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;   // overlong
    if (lead == 0xF4) second_high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < second_low || byte(1) > second_high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  // cairo refuses the noncharacters (U+FDD0..U+FDEF and the last two of every plane, U+FFFE,
  // U+FFFF, U+1FFFE...) as invalid UTF-8, which fails the whole drawing: they are replaced too.
  std::uint32_t code_point = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) code_point = code_point << 6 | (byte(i) & 0x3F);
  if ((code_point >= 0xFDD0 && code_point <= 0xFDEF) || (code_point & 0xFFFE) == 0xFFFE) return 0;
  return length;
}

}  // namespace

std::string drawable_text(std::string_view text) {
  std::string drawable;
  drawable.reserve(text.size());
  while (!text.empty()) {
    const std::size_t length = valid_sequence_length(text);
    if (length == 0) {
      drawable += replacement;
      text.remove_prefix(1);
    } else {
      drawable += text.substr(0, length);
      text.remove_prefix(length);
    }
  }
  return drawable;
}

}  // namespace png_plotter
