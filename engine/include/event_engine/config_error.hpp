// The error a factory or the config loader throws for a bad config value: it names the JSON path.
#pragma once

#include <stdexcept>
#include <string>

#include "event_engine/api_version.hpp"

namespace event_engine {

class EVENT_ENGINE_API ConfigError : public std::runtime_error {
 public:
  // what() reads "<path>: <message>", e.g.
  // "/process/model/config/grid_points: expected an integer >= 2, got \"abc\"".
  ConfigError(std::string path, const std::string& message)
      : std::runtime_error(path + ": " + message), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace event_engine
