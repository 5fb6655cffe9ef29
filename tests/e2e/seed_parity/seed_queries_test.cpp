// The seed notebook's numbers and its predictive figure from the shipped default pipeline after the
// seed's nine trials: GET /model/samples, GET /model/predict and GET /plot/predict.png.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "png_image.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

constexpr std::uint32_t blue = 0x1f77b4;  // the first series' colour: the bars

class SeedQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.start()) << engine_.log();
    for (const char* trial : {"w", "l", "w", "w", "w", "l", "w", "l", "w"}) {
      ASSERT_EQ(http_get(engine_.http_port(), std::string("/update_model/") + trial).status, 201);
    }
    for (int attempt = 0; attempt < 400; ++attempt) {
      if (get_json("/model?compact=1").at("n") == 9) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL() << "the nine trials were not applied\n" << engine_.log();
  }

  nlohmann::json get_json(const std::string& path) {
    const HttpReply reply = http_get(engine_.http_port(), path);
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
    return reply.status == 200 ? nlohmann::json::parse(reply.body) : nlohmann::json::object();
  }

  TempDir work_;
  EngineInstance engine_{
      work_.path(), "config/default.json", {"broker.config.endpoints=[\"inproc://event-engine\"]"}};
};

TEST_F(SeedQueries, SamplesAreReproducibleDrawsOfPFromThePosterior) {
  const nlohmann::json first = get_json("/model/samples?draws=5000&seed=11");
  EXPECT_EQ(get_json("/model/samples?draws=5000&seed=11"), first);
  ASSERT_EQ(first.at("samples").size(), 5000u);
  const nlohmann::json summary = get_json("/model");
  // The sample mean is near the posterior mean (sd about 0.13: 4 standard errors of 5000 draws).
  EXPECT_NEAR(first.at("mean").get<double>(), summary.at("mean").get<double>(), 0.008);
  const auto grid = summary.at("grid").get<std::vector<double>>();
  for (const double p : first.at("samples").get<std::vector<double>>()) {
    ASSERT_TRUE(std::find(grid.begin(), grid.end(), p) != grid.end()) << p;
  }
  EXPECT_EQ(http_get(engine_.http_port(), "/model/samples?draws=100001").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/model/samples").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/model/samples?draws=3&colour=red").status, 400);
  // /model/predict answers as before.
  const nlohmann::json predicted = get_json("/model/predict?trials=9&draws=1000&seed=3");
  EXPECT_EQ(predicted.at("histogram").size(), 10u);
}

TEST_F(SeedQueries, PredictPngIsTheNotebooksHistogramOfTheSameDraws) {
  // Three trials: every count is likely enough that its bar stands many pixels high.
  const std::string parameters = "?trials=3&draws=2000&seed=7";
  const std::vector<std::uint64_t> histogram =
      get_json("/model/predict" + parameters).at("histogram").get<std::vector<std::uint64_t>>();
  const HttpReply plot = http_get(engine_.http_port(), "/plot/predict.png" + parameters);
  ASSERT_EQ(plot.status, 200) << plot.body;
  EXPECT_EQ(plot.content_type, "image/png");
  const std::optional<PngImage> image = decode_png_bytes(plot.body);
  ASSERT_TRUE(image.has_value());

  // One run of blue columns per non-empty count, each as many blue rows high as its draws, to scale.
  std::vector<int> bar_heights;
  bool in_bar = false;
  for (int x = 0; x < image->width; ++x) {
    int rows = 0;
    for (int y = 0; y < image->height; ++y) rows += image->near(x, y, blue, 6);
    if (rows > 0 && !in_bar) bar_heights.push_back(0);
    if (rows > 0) bar_heights.back() = std::max(bar_heights.back(), rows);
    in_bar = rows > 0;
  }
  std::vector<std::uint64_t> drawn_counts;
  for (const std::uint64_t count : histogram)
    if (count > 0) drawn_counts.push_back(count);
  ASSERT_EQ(drawn_counts.size(), 4u);
  ASSERT_EQ(bar_heights.size(), drawn_counts.size());
  const std::size_t tallest =
      std::max_element(drawn_counts.begin(), drawn_counts.end()) - drawn_counts.begin();
  for (std::size_t bar = 0; bar < bar_heights.size(); ++bar) {
    const double expected =
        static_cast<double>(bar_heights[tallest]) * drawn_counts[bar] / drawn_counts[tallest];
    EXPECT_NEAR(bar_heights[bar], expected, 2.0) << "bar " << bar;
  }

  // Bounded and clear, like the query it draws.
  EXPECT_EQ(http_get(engine_.http_port(), "/plot/predict.png?trials=0&draws=10").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/plot/predict.png?trials=9&draws=1000001").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/plot/samples.png?draws=10").status, 404);
  EXPECT_EQ(http_get(engine_.http_port(), "/plot/.png").status, 404);
  EXPECT_EQ(http_get(engine_.http_port(), "/plot/a/b.png").status, 404);
}

}  // namespace
}  // namespace event_engine::testing
