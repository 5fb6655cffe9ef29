#include "adapter/query_parameters.hpp"

#include <charconv>
#include <limits>
#include <optional>
#include <random>
#include <string>

namespace binomial_grid {
namespace {

using event_engine::QueryError;

std::optional<std::uint64_t> parse_integer(std::string_view text, std::uint64_t min, std::uint64_t max) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

void refuse_unknown_parameters(std::string_view query, const event_engine::QueryParameters& parameters,
                               std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : parameters) {
    bool is_known = false;
    for (const std::string_view one : known) is_known = is_known || name == one;
    if (is_known) continue;
    std::string listed;
    for (const std::string_view one : known) listed += (listed.empty() ? "" : ", ") + std::string(one);
    throw QueryError(400, std::string(query) + ": unknown parameter \"" + name.substr(0, 40) +
                              "\" (known: " + listed + ")");
  }
}

std::uint64_t integer_parameter(std::string_view query, const event_engine::QueryParameters& parameters,
                                std::string_view name, std::uint64_t min, std::uint64_t max) {
  const std::string expected = "expected an integer in " + std::to_string(min) + ".." + std::to_string(max);
  const auto found = parameters.find(name);
  if (found == parameters.end()) {
    throw QueryError(400,
                     std::string(query) + ": missing parameter \"" + std::string(name) + "\": " + expected);
  }
  const std::optional<std::uint64_t> value = parse_integer(found->second, min, max);
  if (!value) {
    throw QueryError(400, std::string(query) + ": parameter \"" + std::string(name) + "\": " + expected +
                              ", got \"" + found->second.substr(0, 40) + "\"");
  }
  return *value;
}

std::uint64_t seed_parameter(std::string_view query, const event_engine::QueryParameters& parameters) {
  if (parameters.contains("seed")) {
    return integer_parameter(query, parameters, "seed", 0, std::numeric_limits<std::uint64_t>::max());
  }
  std::random_device device;
  return std::uniform_int_distribution<std::uint64_t>()(device);
}

}  // namespace binomial_grid
