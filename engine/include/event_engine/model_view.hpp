// A generic description of what to draw for a model: visualisers know nothing about the model.
#pragma once

#include <string>
#include <vector>

namespace event_engine {

// `faint`: a thin, pale line for context behind the others; `bars`: a bar at each x, y high;
// `area`: the region between the curve and y = 0, filled translucent (a probability mass shaded).
enum class SeriesStyle { line, markers, line_with_markers, dashed, faint, bars, area };

// What a series stands for, so that a visualiser can show how a picture moved from the one before
// it without knowing the model: `state` series describe the current state (a posterior), and
// `baseline` series a fixed reference to compare it with (the prior). The k-th baseline series
// corresponds to the k-th state series.
enum class SeriesRole { other, state, baseline };

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  SeriesStyle style = SeriesStyle::line;
  SeriesRole role = SeriesRole::other;
};

struct ModelView {
  std::string title;
  std::string x_label;
  std::string y_label;
  // Short, file-name-safe label of the state drawn, e.g. "n_9_w_6".
  std::string tag;
  // Series in drawing order; visualisers colour them by position (first blue, second orange...).
  std::vector<Series> series;
  // The state series of the picture drawn before this one, filled in by the engine (empty for the
  // first picture). A visualiser may draw them in the place of the baseline series, so that each
  // picture shows what the latest update did.
  std::vector<Series> previous_state{};
};

}  // namespace event_engine
