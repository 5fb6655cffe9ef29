// The seed's update plots, from the shipped default pipeline: each picture's dashed "Prior" is the
// posterior of the picture before it (new prior = old posterior). The pictures the engine wrote are
// decoded and compared, pixel for pixel, with the real png_plotter drawing the expected curves.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "event_engine/config_reader.hpp"
#include "http_client.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "png_image.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

constexpr std::uint32_t orange = 0xff7f0e;  // the second series' colour: the dashed Prior

struct Posterior {
  std::vector<double> grid;
  std::vector<double> prior;
  std::vector<double> posterior;
};

class UpdatePlots : public ::testing::Test {
 protected:
  void start(const std::string& baseline, const std::vector<std::string>& arguments = {}) {
    std::vector<std::string> overrides = {"broker.config.endpoints=[\"inproc://event-engine\"]",
                                          "process.visualisers.0.config.min_interval_ms=0"};
    if (!baseline.empty()) overrides.push_back("process.visualisers.0.config.baseline=\"" + baseline + "\"");
    engine_ = std::make_unique<EngineInstance>(work_.path(), "config/default.json", overrides);
    ASSERT_TRUE(engine_->start(arguments)) << engine_->log();
  }

  // Sends one trial and waits until its picture is written, so that every state is drawn.
  Posterior send_and_wait_for_picture(const std::string& trial, int n, int w) {
    EXPECT_EQ(http_get(engine_->http_port(), "/update_model/" + trial).status, 201);
    nlohmann::json summary;
    for (int attempt = 0; attempt < 400; ++attempt) {
      summary = nlohmann::json::parse(http_get(engine_->http_port(), "/model").body);
      if (summary.at("n") == n && std::filesystem::exists(picture(n, w))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_EQ(summary.at("n"), n) << engine_->log();
    EXPECT_TRUE(std::filesystem::exists(picture(n, w))) << engine_->log();
    return {summary.at("grid"), summary.at("prior"), summary.at("posterior")};
  }

  std::filesystem::path picture(int n, int w) const {
    return work_ / "graphs" / ("n_" + std::to_string(n) + "_w_" + std::to_string(w) + ".png");
  }

  // What the picture after `w` successes in `n` trials must show, drawn by the real plotter with
  // the model's own title and labels and nothing left for the plotter to choose.
  std::string expected_picture(int n, int w, const Posterior& state, const std::vector<double>& dashed,
                               const std::vector<double>* faint = nullptr) {
    ModelView view;
    view.title = "w: " + std::to_string(w) + ", n: " + std::to_string(n) + ", grid approx (120 points)";
    view.x_label = "Proportion of w";
    view.y_label = "Probability";
    view.series.push_back({"Posterior", state.grid, state.posterior, SeriesStyle::line_with_markers});
    view.series.push_back({"Prior", state.grid, dashed, SeriesStyle::dashed});
    if (faint != nullptr) view.series.push_back({"Prior (initial)", state.grid, *faint, SeriesStyle::faint});
    const nlohmann::json config = nlohmann::json::object();
    const std::shared_ptr<Visualiser> plotter =
        loader_.create_visualiser("png_plotter", ConfigReader(config, "/process/visualisers/0/config"),
                                  PluginContext{spdlog::default_logger(), &metrics_, work_.path()});
    return plotter->encode(view, "png");
  }

  static std::size_t differing_pixels(const PngImage& one, const PngImage& other) {
    std::size_t differing = 0;
    for (std::size_t i = 0; i < one.pixels.size(); ++i) differing += one.pixels[i] != other.pixels[i];
    return differing;
  }

  static std::size_t orange_pixels(const PngImage& image) {
    std::size_t count = 0;
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) count += image.near(x, y, orange, 24);
    return count;
  }

  TempDir work_;
  std::unique_ptr<EngineInstance> engine_;
  PluginLoader loader_{{test_paths::plugin_dir}};
  MetricsRegistry metrics_;
};

TEST_F(UpdatePlots, TheDashedPriorOfEachPictureIsThePosteriorOfThePictureBefore) {
  start("");
  const Posterior first = send_and_wait_for_picture("w", 1, 1);
  const Posterior second = send_and_wait_for_picture("l", 2, 1);
  const Posterior third = send_and_wait_for_picture("w", 3, 2);

  const std::optional<PngImage> drawn = decode_png(picture(3, 2));
  ASSERT_TRUE(drawn.has_value());
  const std::optional<PngImage> after_w_l = decode_png_bytes(expected_picture(3, 2, third, second.posterior));
  const std::optional<PngImage> initial_prior = decode_png_bytes(expected_picture(3, 2, third, third.prior));
  ASSERT_TRUE(after_w_l.has_value() && initial_prior.has_value());
  ASSERT_EQ(drawn->pixels.size(), after_w_l->pixels.size());
  // The comparison can tell the two apart: the dashed curves differ by many pixels.
  ASSERT_GT(differing_pixels(*after_w_l, *initial_prior), 1000u);
  EXPECT_EQ(differing_pixels(*drawn, *after_w_l), 0u) << "the third picture's dashed Prior is not the "
                                                         "posterior after w l";
  EXPECT_EQ(orange_pixels(*drawn), orange_pixels(*after_w_l));

  // The first picture's prior is the initial prior, the second's the posterior after w.
  const std::optional<PngImage> first_drawn = decode_png(picture(1, 1));
  const std::optional<PngImage> first_expected = decode_png_bytes(expected_picture(1, 1, first, first.prior));
  ASSERT_TRUE(first_drawn.has_value() && first_expected.has_value());
  EXPECT_EQ(differing_pixels(*first_drawn, *first_expected), 0u);
  const std::optional<PngImage> second_drawn = decode_png(picture(2, 1));
  const std::optional<PngImage> second_expected =
      decode_png_bytes(expected_picture(2, 1, second, first.posterior));
  ASSERT_TRUE(second_drawn.has_value() && second_expected.has_value());
  EXPECT_EQ(differing_pixels(*second_drawn, *second_expected), 0u);

  // /plot.png follows the same default: the state before the latest batch is its dashed Prior.
  const HttpReply plot = http_get(engine_->http_port(), "/plot.png");
  ASSERT_EQ(plot.status, 200);
  const std::optional<PngImage> served = decode_png_bytes(plot.body);
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(differing_pixels(*served, *after_w_l), 0u);

  // The final render at shutdown draws the last state again, still with the state before it.
  ASSERT_EQ(engine_->stop(), std::optional<int>(0)) << engine_->log();
  const std::optional<PngImage> latest = decode_png(work_ / "graphs" / "latest.png");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(differing_pixels(*latest, *after_w_l), 0u);
}

TEST_F(UpdatePlots, TheInitialOptionKeepsTheModelsPriorAndBothDrawsItFaint) {
  start("initial");
  send_and_wait_for_picture("w", 1, 1);
  const Posterior second = send_and_wait_for_picture("l", 2, 1);
  const Posterior third = send_and_wait_for_picture("w", 3, 2);
  const std::optional<PngImage> drawn = decode_png(picture(3, 2));
  const std::optional<PngImage> expected = decode_png_bytes(expected_picture(3, 2, third, third.prior));
  ASSERT_TRUE(drawn.has_value() && expected.has_value());
  EXPECT_EQ(differing_pixels(*drawn, *expected), 0u);
  ASSERT_EQ(engine_->stop(), std::optional<int>(0)) << engine_->log();

  // Afresh: no pictures of the run before, the prior again.
  std::filesystem::remove_all(work_ / "graphs");
  start("both", {"--reset-state"});
  send_and_wait_for_picture("w", 1, 1);
  const Posterior both_second = send_and_wait_for_picture("l", 2, 1);
  const Posterior both_third = send_and_wait_for_picture("w", 3, 2);
  const std::optional<PngImage> both_drawn = decode_png(picture(3, 2));
  const std::optional<PngImage> both_expected =
      decode_png_bytes(expected_picture(3, 2, both_third, both_second.posterior, &both_third.prior));
  ASSERT_TRUE(both_drawn.has_value() && both_expected.has_value());
  EXPECT_EQ(differing_pixels(*both_drawn, *both_expected), 0u);
  EXPECT_EQ(second.posterior, both_second.posterior);
}

}  // namespace
}  // namespace event_engine::testing
