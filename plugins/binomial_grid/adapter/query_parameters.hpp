// The parameters of the model's queries (GET /model/<query>?...): checked whole, bounded, and
// refused with a message that names the query, the parameter and what was expected.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "event_engine/model.hpp"

namespace binomial_grid {

// Throws event_engine::QueryError 400 "<query>: unknown parameter ..." for a name not in `known`.
void refuse_unknown_parameters(std::string_view query, const event_engine::QueryParameters& parameters,
                               std::initializer_list<std::string_view> known);

// A decimal integer in [min, max], the whole text. Throws event_engine::QueryError 400 when it is
// missing, malformed or out of range.
std::uint64_t integer_parameter(std::string_view query, const event_engine::QueryParameters& parameters,
                                std::string_view name, std::uint64_t min, std::uint64_t max);

// The `seed` parameter, or, when there is none, a seed drawn from std::random_device, which the
// answer reports so that it can be reproduced.
std::uint64_t seed_parameter(std::string_view query, const event_engine::QueryParameters& parameters);

}  // namespace binomial_grid
