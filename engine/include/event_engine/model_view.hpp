// A generic description of what to draw for a model: visualisers know nothing about the model.
#pragma once

#include <string>
#include <vector>

namespace event_engine {

enum class SeriesStyle { line, markers, line_with_markers, dashed };

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  SeriesStyle style = SeriesStyle::line;
};

struct ModelView {
  std::string title;
  std::string x_label;
  std::string y_label;
  // Short, file-name-safe label of the state drawn, e.g. "n_9_w_6".
  std::string tag;
  // Series in drawing order; visualisers colour them by position (first blue, second orange...).
  std::vector<Series> series;
};

}  // namespace event_engine
