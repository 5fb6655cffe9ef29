// Live A/B/n answers through the real binary: config/keyed.json on a fine grid (2,001 points), the
// variants' events posted over HTTP, and /model/compare, /model/best, /model/srm and
// /plot/compare.png read back. The figures are checked against closed forms for Beta posteriors
// computed here (Evan Miller's P(B > A), Chris Stucchio's expected loss, the Beta moments, the
// chi-square tail), not against the engine's own maths.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "png_image.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// P(X_B > X_A) for X ~ Beta, whole-number alpha_b (Evan Miller, "Formulas for Bayesian A/B testing").
double p_b_beats_a(double alpha_a, double beta_a, double alpha_b, double beta_b) {
  double total = 0;
  for (int i = 0; i < static_cast<int>(alpha_b); ++i) {
    total += std::exp(log_beta(alpha_a + i, beta_a + beta_b) - std::log(beta_b + i) -
                      log_beta(1 + i, beta_b) - log_beta(alpha_a, beta_a));
  }
  return total;
}

// E[max(X_A - X_B, 0)], the loss of choosing B (Chris Stucchio, "Bayesian A/B Testing at VWO").
double loss_choose_b(double alpha_a, double beta_a, double alpha_b, double beta_b) {
  return std::exp(log_beta(alpha_a + 1, beta_a) - log_beta(alpha_a, beta_a)) *
             (1 - p_b_beats_a(alpha_a + 1, beta_a, alpha_b, beta_b)) -
         std::exp(log_beta(alpha_b + 1, beta_b) - log_beta(alpha_b, beta_b)) *
             (1 - p_b_beats_a(alpha_a, beta_a, alpha_b + 1, beta_b));
}

std::string events(const std::string& variant, int successes, int failures) {
  std::string body;
  for (int i = 0; i < successes + failures; ++i)
    body +=
        json{{"experiment", "checkout"}, {"variant", variant}, {"converted", i < successes}}.dump() + "\n";
  return body;
}

json get_json(int port, const std::string& path) {
  const HttpReply reply = http_get(port, path);
  return reply.status == 200 ? json::parse(reply.body) : json{{"status", reply.status}, {"body", reply.body}};
}

// Pixels of the second series colour (tab10 orange) drawn at 35% over white: the shaded area.
int shaded_pixels(const std::string& png) {
  const std::optional<PngImage> image = decode_png_bytes(png);
  if (!image) return -1;
  int shaded = 0;
  for (const std::uint32_t pixel : image->pixels) {
    const int red = static_cast<int>(pixel >> 16 & 0xff), green = static_cast<int>(pixel >> 8 & 0xff),
              blue = static_cast<int>(pixel & 0xff);
    shaded += red >= 250 && std::abs(green - 210) <= 4 && std::abs(blue - 171) <= 4;
  }
  return shaded;
}

class ExperimentQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.start()) << engine_.log();
    const std::string body =
        events("A", 40, 360) + events("B", 52, 348) + events("C", 45, 355) + events("D", 20, 280);
    ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", body).status, 202);
    for (int attempt = 0;
         attempt < 800 && get_json(engine_.http_port(), "/model?compact=1").value("n", 0) != 1500; ++attempt)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_EQ(get_json(engine_.http_port(), "/model?compact=1").value("n", 0), 1500) << engine_.log();
  }

  TempDir work_;
  EngineInstance engine_{work_.path(), "config/keyed.json", {"process.model.config.grid_points=2001"}};
};

TEST_F(ExperimentQueries, CompareAgreesWithTheBetaClosedForms) {
  const json answer = get_json(engine_.http_port(), "/model/compare?a=checkout/A&b=checkout/B&delta=0.1");
  ASSERT_FALSE(answer.contains("status")) << answer;
  // Uniform prior: Beta(1 + w, 1 + l).
  EXPECT_NEAR(answer["p_b_beats_a"].get<double>(), p_b_beats_a(41, 361, 53, 349), 1e-4) << answer;
  EXPECT_NEAR(answer["expected_loss_choose_b"].get<double>(), loss_choose_b(41, 361, 53, 349), 1e-5);
  EXPECT_NEAR(answer["expected_loss_choose_a"].get<double>(), loss_choose_b(53, 349, 41, 361), 1e-5);
  EXPECT_EQ(answer["a"]["key"], "checkout/A");
  EXPECT_EQ(answer["a"]["n"], 400);
  EXPECT_NEAR(answer["b"]["mean"].get<double>(), 53.0 / 402.0, 1e-4);
  ASSERT_EQ(answer["b"]["interval"].size(), 2u);
  // E[p_B / p_A] = E[p_B] E[1 / p_A], E[1 / p] = (alpha + beta - 1) / (alpha - 1) for a Beta.
  EXPECT_NEAR(answer["lift"]["mean"].get<double>(), 53.0 / 402.0 * 401.0 / 40.0 - 1, 2e-3) << answer["lift"];
  const double lower = answer["lift"]["interval"][0], upper = answer["lift"]["interval"][1];
  EXPECT_LT(lower, answer["lift"]["mean"].get<double>());
  EXPECT_GT(upper, answer["lift"]["mean"].get<double>());
  EXPECT_GT(answer["lift"]["p_above_delta"].get<double>(), 0.5);
  EXPECT_LT(answer["lift"]["p_above_delta"].get<double>(), answer["p_b_beats_a"].get<double>());
}

TEST_F(ExperimentQueries, BestSumsToOneAndForTwoKeysIsCompare) {
  const json two = get_json(engine_.http_port(), "/model/best?keys=checkout/A,checkout/B");
  const json compare = get_json(engine_.http_port(), "/model/compare?a=checkout/A&b=checkout/B");
  ASSERT_EQ(two["keys"].size(), 2u) << two;
  EXPECT_NEAR(two["keys"][1]["p_best"].get<double>(), compare["p_b_beats_a"].get<double>(), 1e-12);
  EXPECT_NEAR(two["keys"][1]["expected_loss"].get<double>(), compare["expected_loss_choose_b"].get<double>(),
              1e-12);

  const json all = get_json(engine_.http_port(), "/model/best?prefix=checkout/");
  ASSERT_EQ(all["keys"].size(), 4u) << all;
  double total = 0;
  for (const json& key : all["keys"]) total += key["p_best"].get<double>();
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(all["keys"][1]["key"], "checkout/B");
  EXPECT_GT(all["keys"][1]["p_best"].get<double>(), 0.5) << all;
  EXPECT_LT(all["keys"][1]["expected_loss"].get<double>(), all["keys"][3]["expected_loss"].get<double>());
}

TEST_F(ExperimentQueries, SampleRatioMismatchIsTheChiSquareTail) {
  const json even = get_json(engine_.http_port(), "/model/srm?keys=checkout/A,checkout/B,checkout/C");
  EXPECT_EQ(even["statistic"], 0.0) << even;
  EXPECT_EQ(even["p_value"], 1.0);
  EXPECT_EQ(even["mismatch"], false);
  // 400 against 300 on an even split: (50^2 / 350) * 2, one degree of freedom.
  const json skewed = get_json(engine_.http_port(), "/model/srm?keys=checkout/A,checkout/D");
  const double statistic = 2 * 50.0 * 50.0 / 350.0;
  EXPECT_NEAR(skewed["statistic"].get<double>(), statistic, 1e-12) << skewed;
  EXPECT_NEAR(skewed["p_value"].get<double>(), std::erfc(std::sqrt(statistic / 2)), 1e-15);
  EXPECT_EQ(skewed["mismatch"], true);
  // The split the experiment was set up with: 4 to 3 fits.
  const json planned = get_json(engine_.http_port(), "/model/srm?keys=checkout/A,checkout/D&weights=4,3");
  EXPECT_NEAR(planned["statistic"].get<double>(), 0.0, 1e-12) << planned;
  EXPECT_EQ(planned["mismatch"], false);
}

// The split set in config (process.experiments) is what /model/srm tests against by default.
TEST(ExperimentSplit, SrmUsesTheConfiguredSplitAndThreshold) {
  TempDir work;
  EngineInstance engine(
      work.path(), "config/keyed.json",
      {R"(process.experiments=[{"prefix": "checkout/", "weights": {"A": 4, "B": 4, "D": 3}, )"
       R"("srm_threshold": 0.2}])"});
  ASSERT_TRUE(engine.start()) << engine.log();
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events",
                      events("A", 40, 360) + events("B", 52, 348) + events("D", 20, 280))
                .status,
            202);
  for (int attempt = 0;
       attempt < 800 && get_json(engine.http_port(), "/model?compact=1").value("n", 0) != 1100; ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  // 400, 400 and 300 are exactly a 4:4:3 split.
  const json fits = get_json(engine.http_port(), "/model/srm?prefix=checkout/");
  EXPECT_NEAR(fits["statistic"].get<double>(), 0.0, 1e-12) << fits;
  EXPECT_EQ(fits["threshold"], 0.2);
  EXPECT_NEAR(fits["keys"][2]["expected_share"].get<double>(), 3.0 / 11.0, 1e-12);
  // A split given with the request wins: even, it flags 300 against 400.
  const json even = get_json(engine.http_port(), "/model/srm?prefix=checkout/&weights=1,1,1");
  EXPECT_EQ(even["mismatch"], true) << even;
  // A key the configured split does not name is refused, naming it.
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events", events("E", 1, 0)).status, 202);
  for (int attempt = 0;
       attempt < 800 && get_json(engine.http_port(), "/model?compact=1").value("n", 0) != 1101; ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const HttpReply unnamed = http_get(engine.http_port(), "/model/srm?prefix=checkout/");
  EXPECT_EQ(unnamed.status, 400);
  EXPECT_NE(unnamed.body.find("\"checkout/E\" has no weight"), std::string::npos) << unnamed.body;
}

TEST_F(ExperimentQueries, BadKeysAndParametersAreRefusedByName) {
  const HttpReply unknown = http_get(engine_.http_port(), "/model/compare?a=checkout/A&b=checkout/Z");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("\"checkout/Z\""), std::string::npos) << unknown.body;
  EXPECT_EQ(http_get(engine_.http_port(), "/model/compare?a=checkout/A").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/model/compare?keys=checkout/A,checkout/B,checkout/C").status,
            400);
  const HttpReply delta = http_get(engine_.http_port(), "/model/compare?a=checkout/A&b=checkout/B&delta=x");
  EXPECT_EQ(delta.status, 400);
  EXPECT_NE(delta.body.find("\"delta\""), std::string::npos) << delta.body;
  EXPECT_EQ(http_get(engine_.http_port(), "/model/srm?keys=checkout/A,checkout/B&weights=1").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/model/best?prefix=nothing/").status, 404);
  EXPECT_EQ(http_get(engine_.http_port(), "/model/nosuch?keys=checkout/A,checkout/B").status, 404);
}

TEST_F(ExperimentQueries, TheComparePlotShadesTheLiftsMassAboveDelta) {
  const HttpReply forward = http_get(engine_.http_port(), "/plot/compare.png?a=checkout/A&b=checkout/B");
  const HttpReply reverse = http_get(engine_.http_port(), "/plot/compare.png?a=checkout/B&b=checkout/A");
  const HttpReply beyond =
      http_get(engine_.http_port(), "/plot/compare.png?a=checkout/A&b=checkout/B&delta=50");
  ASSERT_EQ(forward.status, 200) << forward.body;
  ASSERT_EQ(forward.content_type, "image/png");
  // B beats A with P ~ 0.9: most of the lift's mass is above 0 when B is over A, little the other
  // way round, and none above a lift of 50, where only the legend's swatch is left.
  const int legend_swatch = shaded_pixels(beyond.body);
  const int forward_shaded = shaded_pixels(forward.body) - legend_swatch;
  const int reverse_shaded = shaded_pixels(reverse.body) - legend_swatch;
  EXPECT_GT(legend_swatch, 0);
  EXPECT_LT(legend_swatch, 500);
  EXPECT_GT(forward_shaded, 5000);
  EXPECT_LT(reverse_shaded * 3, forward_shaded) << reverse_shaded;
}

}  // namespace
}  // namespace event_engine::testing
