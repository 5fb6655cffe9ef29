// The visualiser port: draws a ModelView. Called from the engine's render thread, never the
// pipeline's, with the latest view only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "event_engine/api_version.hpp"
#include "event_engine/model_view.hpp"

namespace event_engine {

class EVENT_ENGINE_API Visualiser {
 public:
  virtual ~Visualiser() = default;

  // Renders to the visualiser's outputs (files...). Errors are the visualiser's to log and count;
  // an exception escaping is logged by the engine and the pipeline goes on.
  virtual void render(const ModelView& view) = 0;

  // The engine renders at most once per interval, latest state wins, plus a final render at stop.
  virtual std::chrono::milliseconds min_interval() const = 0;

  // The image for `view` as bytes in `format` ("png", "svg"), or an empty string if unsupported.
  virtual std::string encode(const ModelView& view, std::string_view format) const = 0;
};

}  // namespace event_engine
