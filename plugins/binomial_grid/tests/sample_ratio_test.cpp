#include "math/sample_ratio.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace binomial_grid {
namespace {

SampleRatioTest test_of(const std::vector<std::uint64_t>& observed, const std::vector<double>& weights) {
  return sample_ratio_mismatch(observed, weights);
}

TEST(SampleRatio, CountsMatchingTheSplitAreNoMismatch) {
  const SampleRatioTest even = test_of({500, 500}, {1.0, 1.0});
  EXPECT_EQ(even.statistic, 0.0);
  EXPECT_EQ(even.degrees_of_freedom, 1u);
  EXPECT_EQ(even.p_value, 1.0);
  const SampleRatioTest uneven = test_of({300, 300, 600}, {0.25, 0.25, 0.5});
  EXPECT_EQ(uneven.statistic, 0.0);
  EXPECT_EQ(uneven.degrees_of_freedom, 2u);
  EXPECT_EQ(uneven.p_value, 1.0);
}

TEST(SampleRatio, HandCheckedStatisticsAndPValues) {
  // 60 / 40 of 100 split evenly: (10^2 + 10^2) / 50 = 4 on one degree of freedom, whose tail is
  // P(Z^2 >= 4) = erfc(sqrt(4 / 2)).
  const SampleRatioTest two_arms = test_of({60, 40}, {1.0, 1.0});
  EXPECT_DOUBLE_EQ(two_arms.statistic, 4.0);
  EXPECT_NEAR(two_arms.p_value, std::erfc(std::sqrt(2.0)), 1e-15);
  // 10 / 20 / 30 of 60 split evenly: (100 + 0 + 100) / 20 = 10 on two, whose tail is exp(-10 / 2).
  const SampleRatioTest three_arms = test_of({10, 20, 30}, {1.0, 1.0, 1.0});
  EXPECT_DOUBLE_EQ(three_arms.statistic, 10.0);
  EXPECT_NEAR(three_arms.p_value, std::exp(-5.0), 1e-15);
  // 90 / 10 against a 3 : 1 split: expected 75 and 25, 225 / 75 + 225 / 25 = 12.
  const SampleRatioTest skewed = test_of({90, 10}, {3.0, 1.0});
  EXPECT_DOUBLE_EQ(skewed.statistic, 12.0);
  EXPECT_NEAR(skewed.p_value, std::erfc(std::sqrt(6.0)), 1e-17);
}

TEST(SampleRatio, WeightsAreScaleFree) {
  const SampleRatioTest units = test_of({103, 98, 230}, {1.0, 1.0, 2.0});
  const SampleRatioTest fractions = test_of({103, 98, 230}, {0.25, 0.25, 0.5});
  EXPECT_NEAR(units.statistic, fractions.statistic, 1e-12);
  EXPECT_NEAR(units.p_value, fractions.p_value, 1e-12);
}

TEST(SampleRatio, NoUnitsYetIsNoMismatch) {
  const SampleRatioTest empty = test_of({0, 0, 0}, {1.0, 2.0, 3.0});
  EXPECT_EQ(empty.statistic, 0.0);
  EXPECT_EQ(empty.degrees_of_freedom, 2u);
  EXPECT_EQ(empty.p_value, 1.0);
}

TEST(SampleRatio, RefusesBadInput) {
  const double infinity = std::numeric_limits<double>::infinity();
  EXPECT_THROW(test_of({10}, {1.0}), std::invalid_argument);
  EXPECT_THROW(test_of({}, {}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1.0, 1.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1.0, -1.0}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1.0, std::nan("")}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1.0, infinity}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1e308, 1e308}), std::invalid_argument);
  EXPECT_THROW(test_of({10, 20}, {1e300, 1e-300}), std::invalid_argument);
  try {
    test_of({10, 20}, {1.0, 0.0});
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "the weight of arm 1 must be positive and finite");
  }
}

}  // namespace
}  // namespace binomial_grid
