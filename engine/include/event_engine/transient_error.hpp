// The error a plugin throws when what it needs is there but unavailable for now, and the same call
// may succeed later: a server that refuses connections or does not answer in time, a stream or
// bucket that has no leader. Any other exception is permanent.
#pragma once

#include <stdexcept>
#include <string>

#include "event_engine/api_version.hpp"

namespace event_engine {

// At start, the engine retries the store's load() and the broker's subscribe() with a capped
// backoff for as long as they throw this (bounded by process.startup_timeout), serving /healthz
// meanwhile and answering /readyz with the message; any other exception ends the start with exit
// code 1. A plugin throws only standard exceptions and types of this directory, never its own:
// one of its own types, caught after the caller released the plugin and so unloaded its library,
// would point into unloaded code.
class EVENT_ENGINE_API TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace event_engine
