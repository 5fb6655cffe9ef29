// How `publish --file` looks at the whole lines of a block: which need cutting one by one, and where
// the first N lines end.
#include "cli/file_lines.hpp"

#include <gtest/gtest.h>

#include <string>

namespace event_engine {
namespace {

TEST(FileLines, LinesThatArePublishedAsTheyStandNeedNoCutting) {
  EXPECT_FALSE(needs_line_by_line(""));
  EXPECT_FALSE(needs_line_by_line("w\nl\nlonger line\n"));
}

TEST(FileLines, AnEmptyLineOrACarriageReturnNeedsCuttingLineByLine) {
  EXPECT_TRUE(needs_line_by_line("\nw\n"));
  EXPECT_TRUE(needs_line_by_line("w\n\nl\n"));
  EXPECT_TRUE(needs_line_by_line("w\r\nl\n"));
  // Far into a block as well, past what the compiler handles as whole vectors.
  EXPECT_TRUE(needs_line_by_line(std::string(1000, 'w') + "\n\n"));
  EXPECT_TRUE(needs_line_by_line(std::string(1000, 'w') + "\r\n"));
}

TEST(FileLines, TheFirstLinesEndAfterTheNewlineOfTheLast) {
  EXPECT_EQ(length_of_lines("w\nl\nw\n", 1), 2u);
  EXPECT_EQ(length_of_lines("w\nl\nw\n", 3), 6u);
  EXPECT_EQ(length_of_lines("w\nl\nw\n", 4), std::string::npos);
  EXPECT_EQ(length_of_lines("w\n", 0), 0u);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "w\n";
  EXPECT_EQ(length_of_lines(many, 10000), many.size());
  EXPECT_EQ(length_of_lines(many, 1234), 2468u);
}

}  // namespace
}  // namespace event_engine
