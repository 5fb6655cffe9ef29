// Text a view may hold, made drawable: valid UTF-8 unchanged, anything else as U+FFFD.
#include "render/drawable_text.hpp"

#include <gtest/gtest.h>

namespace png_plotter {
namespace {

const std::string replacement = "\xEF\xBF\xBD";

TEST(DrawableText, ValidUtf8IsUnchanged) {
  for (const std::string text : {"", "Posterior", "p \xE2\x89\xA5 0.1", "\xF0\x9F\x8C\x8A", "\xC2\xA0"}) {
    EXPECT_EQ(drawable_text(text), text);
  }
}

TEST(DrawableText, EveryInvalidByteBecomesAReplacementCharacter) {
  EXPECT_EQ(drawable_text("a\xFFz"), "a" + replacement + "z");
  EXPECT_EQ(drawable_text("\xC0\xAF"), replacement + replacement) << "overlong";
  EXPECT_EQ(drawable_text("\xED\xA0\x80"), replacement + replacement + replacement) << "surrogate";
  EXPECT_EQ(drawable_text("\xF4\x90\x80\x80"), replacement + replacement + replacement + replacement)
      << "above U+10FFFF";
  EXPECT_EQ(drawable_text("\xE2\x89"), replacement + replacement) << "cut short";
}

// cairo calls them invalid UTF-8 and fails the drawing (found by plot_layout_fuzz).
TEST(DrawableText, NoncharactersBecomeReplacementCharacters) {
  EXPECT_EQ(drawable_text("a\xEF\xBF\xBFz"), "a" + replacement + replacement + replacement + "z") << "U+FFFF";
  EXPECT_EQ(drawable_text("\xEF\xB7\x90"), replacement + replacement + replacement) << "U+FDD0";
  EXPECT_EQ(drawable_text("\xF0\x9F\xBF\xBE"), replacement + replacement + replacement + replacement)
      << "U+1FFFE";
  EXPECT_EQ(drawable_text("\xEF\xBF\xBD\xEF\xB7\xB0"), replacement + "\xEF\xB7\xB0") << "U+FFFD, U+FDF0";
}

}  // namespace
}  // namespace png_plotter
