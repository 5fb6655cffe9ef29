#include "config/closest_name.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

TEST(ClosestName, SuggestsANameASmallEditAway) {
  const std::vector<std::string> known = {"grid_points", "prior", "success", "failure"};
  EXPECT_EQ(closest_name("grid_point", known), "grid_points");
  EXPECT_EQ(closest_name("prio", known), "prior");
  EXPECT_EQ(closest_name("sucess", known), "success");
}

TEST(ClosestName, CountsTwoSwappedLettersAsOneTypo) {
  EXPECT_EQ(closest_name("widht", {"width", "height"}), "width");
  EXPECT_EQ(closest_name("priro", {"prior"}), "prior");
}

TEST(ClosestName, SuggestsNothingForANameFarFromAll) {
  EXPECT_EQ(closest_name("colour", {"grid_points", "prior"}), "");
  EXPECT_EQ(closest_name("x", {}), "");
}

}  // namespace
}  // namespace event_engine
