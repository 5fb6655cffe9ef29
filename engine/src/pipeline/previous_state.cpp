#include "pipeline/previous_state.hpp"

namespace event_engine {

std::vector<Series> state_series(const ModelView& view) {
  std::vector<Series> states;
  for (const Series& series : view.series) {
    if (series.role == SeriesRole::state) states.push_back(series);
  }
  return states;
}

}  // namespace event_engine
