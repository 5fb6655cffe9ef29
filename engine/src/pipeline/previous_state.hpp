// What a picture carries of the one drawn before it: the earlier view's state series, so that a
// visualiser can draw the move an update made (new prior = old posterior) without knowing the model.
#pragma once

#include <vector>

#include "event_engine/model_view.hpp"

namespace event_engine {

// The series of `view` whose role is SeriesRole::state, in order.
std::vector<Series> state_series(const ModelView& view);

}  // namespace event_engine
