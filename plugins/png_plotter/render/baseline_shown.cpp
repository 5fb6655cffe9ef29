#include "render/baseline_shown.hpp"

#include <utility>
#include <vector>

namespace png_plotter {

using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesRole;
using event_engine::SeriesStyle;

ModelView with_baseline_shown(const ModelView& view, BaselineShown shown) {
  ModelView drawn{view.title, view.x_label, view.y_label, view.tag, view.series, {}};
  if (shown == BaselineShown::initial) return drawn;
  std::vector<Series> initial_baselines;
  std::size_t baselines_seen = 0;
  for (Series& series : drawn.series) {
    if (series.role != SeriesRole::baseline) continue;
    const std::size_t position = baselines_seen++;
    if (position >= view.previous_state.size()) continue;
    if (shown == BaselineShown::both) {
      Series initial = series;
      if (!initial.name.empty()) initial.name += " (initial)";
      initial.style = SeriesStyle::faint;
      initial.role = SeriesRole::other;
      initial_baselines.push_back(std::move(initial));
    }
    series.x = view.previous_state[position].x;
    series.y = view.previous_state[position].y;
  }
  for (Series& initial : initial_baselines) drawn.series.push_back(std::move(initial));
  return drawn;
}

}  // namespace png_plotter
