#include "plugin/history_files.hpp"

#include <gtest/gtest.h>

namespace png_plotter {
namespace {

using Paths = std::vector<std::filesystem::path>;

TEST(HistoryFiles, KeepsTheNewestAndExpiresTheOldestFirst) {
  HistoryFiles history(2);
  EXPECT_EQ(history.record("a.png"), Paths{});
  EXPECT_EQ(history.record("b.png"), Paths{});
  EXPECT_EQ(history.record("c.png"), Paths{"a.png"});
  EXPECT_EQ(history.record("d.png"), Paths{"b.png"});
}

TEST(HistoryFiles, AFileWrittenAgainBecomesTheNewest) {
  HistoryFiles history(2);
  history.record("a.png");
  history.record("b.png");
  EXPECT_EQ(history.record("a.png"), Paths{});
  EXPECT_EQ(history.record("c.png"), Paths{"b.png"});
  EXPECT_EQ(history.record("d.png"), Paths{"a.png"});
}

TEST(HistoryFiles, KeepLastOneKeepsOnlyTheNewest) {
  HistoryFiles history(1);
  EXPECT_EQ(history.record("a.png"), Paths{});
  EXPECT_EQ(history.record("a.png"), Paths{});
  EXPECT_EQ(history.record("b.png"), Paths{"a.png"});
}

}  // namespace
}  // namespace png_plotter
