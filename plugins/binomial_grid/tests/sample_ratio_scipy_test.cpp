// sample_ratio_mismatch against SciPy's scipy.stats.chisquare, run by /usr/bin/python3.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "math/sample_ratio.hpp"

namespace binomial_grid {
namespace {

// SciPy's statistic and p-value for the counts and the split, with the expected counts computed
// as sample_ratio_mismatch documents them. No single quote: the shell quotes the script with them.
constexpr const char* scipy_script = R"(
import sys
from scipy.stats import chisquare
observed = [int(x) for x in sys.argv[1].split(",")]
weights = [float(x) for x in sys.argv[2].split(",")]
units = sum(observed)
expected = [units * (w / sum(weights)) for w in weights]
result = chisquare(observed, expected)
print(repr(float(result.statistic)), repr(float(result.pvalue)))
)";

template <class T>
std::string comma_separated(const std::vector<T>& values) {
  std::ostringstream text;
  text.precision(17);
  for (std::size_t i = 0; i < values.size(); ++i) text << (i ? "," : "") << values[i];
  return text.str();
}

struct ScipyResult {
  double statistic;
  double p_value;
};

ScipyResult scipy_chisquare(const std::vector<std::uint64_t>& observed, const std::vector<double>& weights) {
  const std::string command = "/usr/bin/python3 -c '" + std::string(scipy_script) + "' " +
                              comma_separated(observed) + " " + comma_separated(weights);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run python3");
  std::string output;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get())) output += buffer.data();
  std::istringstream fields(output);
  ScipyResult result{};
  if (!(fields >> result.statistic >> result.p_value)) throw std::runtime_error("python3 printed: " + output);
  return result;
}

struct Case {
  std::vector<std::uint64_t> observed;
  std::vector<double> weights;
};

TEST(SampleRatioScipy, AgreesWithScipyChisquare) {
  const Case cases[] = {
      {{5123, 4877}, {1.0, 1.0}},
      {{1000, 2050, 2950}, {1.0, 2.0, 3.0}},
      {{10, 0, 3, 7}, {0.25, 0.25, 0.25, 0.25}},
      {{3, 5, 4, 9, 1, 12, 7}, {1.0, 1.5, 1.0, 2.0, 0.5, 2.5, 1.5}},
      {{1, 1}, {1.0, 3.0}},
      {{50'400, 49'600}, {0.5, 0.5}},
      {{100'000, 90'000}, {1.0, 1.0}},         // a p-value far in the tail, about 2e-116
      {{1'000, 1'001, 999}, {1.0, 1.0, 1.0}},  // a p-value close to 1
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(testing::Message() << "counts " << comma_separated(test.observed) << ", weights "
                                    << comma_separated(test.weights));
    const ScipyResult scipy = scipy_chisquare(test.observed, test.weights);
    const SampleRatioTest ours = sample_ratio_mismatch(test.observed, test.weights);
    EXPECT_EQ(ours.degrees_of_freedom, test.observed.size() - 1);
    EXPECT_NEAR(ours.statistic, scipy.statistic, 1e-9 * scipy.statistic);
    EXPECT_NEAR(ours.p_value, scipy.p_value, 1e-9 * scipy.p_value);
    EXPECT_GT(scipy.p_value, 0.0);
  }
}

}  // namespace
}  // namespace binomial_grid
