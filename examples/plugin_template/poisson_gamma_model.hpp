// poisson_gamma's model: events are non-negative integer counts (say, arrivals per minute) from a
// Poisson(rate); the prior on the rate is Gamma(shape, rate_prior), conjugate, so the posterior after
// n counts summing to S is Gamma(shape + S, rate_prior + n): O(1) state however long the stream.
// Apart from the library's exports so that a fuzz target (fuzz/) can link it.
#pragma once

#include <event_engine/plugin_api.hpp>
#include <memory>

namespace poisson_gamma {

// The factory: reads prior_shape and prior_rate, throwing ConfigError naming the path of a bad one.
std::unique_ptr<event_engine::Model> create(const event_engine::ConfigReader& config,
                                            const event_engine::PluginContext& context);

}  // namespace poisson_gamma
