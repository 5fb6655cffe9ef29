// The parameters of the model's queries (GET /model/<query>?...): checked whole, bounded, and
// refused with a message that names the query, the parameter and what was expected.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "event_engine/model.hpp"

namespace binomial_grid {

// Throws event_engine::QueryError 400 "<query>: unknown parameter ..." for a name not in `known`.
void refuse_unknown_parameters(std::string_view query, const event_engine::QueryParameters& parameters,
                               std::initializer_list<std::string_view> known);

// A decimal integer in [min, max], the whole text. Throws event_engine::QueryError 400 when it is
// missing, malformed or out of range.
std::uint64_t integer_parameter(std::string_view query, const event_engine::QueryParameters& parameters,
                                std::string_view name, std::uint64_t min, std::uint64_t max);

// A decimal number in [min, max] (strtod's syntax, the whole text), or `fallback` when absent.
// Throws event_engine::QueryError 400 when malformed, not finite or out of range.
double number_parameter(std::string_view query, const event_engine::QueryParameters& parameters,
                        std::string_view name, double fallback, double min, double max);

// Comma-separated decimal numbers, each positive and finite, exactly `count` of them. Throws
// event_engine::QueryError 400 otherwise.
std::vector<double> positive_numbers_parameter(std::string_view query,
                                               const event_engine::QueryParameters& parameters,
                                               std::string_view name, std::size_t count);

// The `seed` parameter, or, when there is none, a seed drawn from std::random_device, which the
// answer reports so that it can be reproduced.
std::uint64_t seed_parameter(std::string_view query, const event_engine::QueryParameters& parameters);

}  // namespace binomial_grid
