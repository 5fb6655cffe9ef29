// What a view's baseline series show when drawn: the state of the picture before (the seed's update
// plots: new prior = old posterior), the model's own baseline, or both with the baseline faint.
// Works on series roles only, so it knows no model.
#pragma once

#include "event_engine/model_view.hpp"

namespace png_plotter {

enum class BaselineShown { previous_state, initial, both };

// The view to draw. previous_state: the k-th baseline series takes the x and y of the k-th series
// of view.previous_state, keeping its name and style. both: the same, plus each replaced baseline
// drawn faint after all other series, named "<name> (initial)". initial, or no previous state
// (the first picture): the series as the model gave them.
event_engine::ModelView with_baseline_shown(const event_engine::ModelView& view, BaselineShown shown);

}  // namespace png_plotter
