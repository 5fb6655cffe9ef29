#include "render/baseline_shown.hpp"

#include <gtest/gtest.h>

namespace png_plotter {
namespace {

using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesRole;
using event_engine::SeriesStyle;

// A view as binomial_grid gives it, the posterior before it carried along by the engine.
ModelView updated_view() {
  ModelView view;
  view.title = "after three";
  view.series.push_back(
      {"Posterior", {0.0, 0.5, 1.0}, {0.1, 0.6, 0.3}, SeriesStyle::line_with_markers, SeriesRole::state});
  view.series.push_back(
      {"Prior", {0.0, 0.5, 1.0}, {0.3, 0.3, 0.4}, SeriesStyle::dashed, SeriesRole::baseline});
  view.series.push_back({"Data", {0.5}, {0.9}, SeriesStyle::markers, SeriesRole::other});
  view.previous_state.push_back(
      {"Posterior", {0.0, 0.5, 1.0}, {0.2, 0.5, 0.3}, SeriesStyle::line_with_markers, SeriesRole::state});
  return view;
}

TEST(BaselineShown, PreviousStateTakesTheBaselinesPlaceKeepingItsNameAndStyle) {
  const ModelView drawn = with_baseline_shown(updated_view(), BaselineShown::previous_state);
  ASSERT_EQ(drawn.series.size(), 3u);
  EXPECT_EQ(drawn.series[0].y, (std::vector<double>{0.1, 0.6, 0.3}));
  EXPECT_EQ(drawn.series[1].name, "Prior");
  EXPECT_EQ(drawn.series[1].style, SeriesStyle::dashed);
  EXPECT_EQ(drawn.series[1].y, (std::vector<double>{0.2, 0.5, 0.3}));
  EXPECT_EQ(drawn.series[2].y, (std::vector<double>{0.9}));
  EXPECT_TRUE(drawn.previous_state.empty());
  EXPECT_EQ(drawn.title, "after three");
}

TEST(BaselineShown, InitialKeepsTheModelsBaseline) {
  const ModelView drawn = with_baseline_shown(updated_view(), BaselineShown::initial);
  ASSERT_EQ(drawn.series.size(), 3u);
  EXPECT_EQ(drawn.series[1].y, (std::vector<double>{0.3, 0.3, 0.4}));
}

TEST(BaselineShown, BothAddsTheInitialBaselineFaintAfterTheOtherSeries) {
  const ModelView drawn = with_baseline_shown(updated_view(), BaselineShown::both);
  ASSERT_EQ(drawn.series.size(), 4u);
  EXPECT_EQ(drawn.series[1].y, (std::vector<double>{0.2, 0.5, 0.3}));
  EXPECT_EQ(drawn.series[3].name, "Prior (initial)");
  EXPECT_EQ(drawn.series[3].style, SeriesStyle::faint);
  EXPECT_EQ(drawn.series[3].y, (std::vector<double>{0.3, 0.3, 0.4}));
}

TEST(BaselineShown, TheFirstPictureHasNoPreviousStateAndShowsTheBaseline) {
  ModelView first = updated_view();
  first.previous_state.clear();
  for (const BaselineShown shown : {BaselineShown::previous_state, BaselineShown::both}) {
    const ModelView drawn = with_baseline_shown(first, shown);
    ASSERT_EQ(drawn.series.size(), 3u);
    EXPECT_EQ(drawn.series[1].y, (std::vector<double>{0.3, 0.3, 0.4}));
  }
}

TEST(BaselineShown, ABaselineWithoutAMatchingStateIsLeftAsItIs) {
  ModelView view = updated_view();
  view.series.push_back({"Second prior", {0.0}, {0.7}, SeriesStyle::dashed, SeriesRole::baseline});
  const ModelView drawn = with_baseline_shown(view, BaselineShown::previous_state);
  ASSERT_EQ(drawn.series.size(), 4u);
  EXPECT_EQ(drawn.series[1].y, (std::vector<double>{0.2, 0.5, 0.3}));
  EXPECT_EQ(drawn.series[3].y, (std::vector<double>{0.7}));
}

}  // namespace
}  // namespace png_plotter
