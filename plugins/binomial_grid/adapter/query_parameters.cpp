#include "adapter/query_parameters.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
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

// A finite decimal number, the whole text.
std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
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

double number_parameter(std::string_view query, const event_engine::QueryParameters& parameters,
                        std::string_view name, double fallback, double min, double max) {
  const auto found = parameters.find(name);
  if (found == parameters.end()) return fallback;
  const std::optional<double> value = parse_number(found->second);
  if (!value || *value < min || *value > max) {
    throw QueryError(400, std::string(query) + ": parameter \"" + std::string(name) +
                              "\": expected a number in " + std::to_string(min) + ".." + std::to_string(max) +
                              ", got \"" + found->second.substr(0, 40) + "\"");
  }
  return *value;
}

std::vector<double> positive_numbers_parameter(std::string_view query,
                                               const event_engine::QueryParameters& parameters,
                                               std::string_view name, std::size_t count) {
  const std::string expected = "expected " + std::to_string(count) + " positive numbers, separated by commas";
  const auto found = parameters.find(name);
  if (found == parameters.end())
    throw QueryError(400,
                     std::string(query) + ": missing parameter \"" + std::string(name) + "\": " + expected);
  std::vector<double> numbers;
  std::string_view rest = found->second;
  while (numbers.size() <= count) {
    const std::size_t comma = rest.find(',');
    const std::optional<double> value = parse_number(std::string(rest.substr(0, comma)));
    if (!value || *value <= 0)
      throw QueryError(400, std::string(query) + ": parameter \"" + std::string(name) + "\": " + expected +
                                ", got \"" + found->second.substr(0, 80) + "\"");
    numbers.push_back(*value);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (numbers.size() != count)
    throw QueryError(400, std::string(query) + ": parameter \"" + std::string(name) + "\": " + expected +
                              ", got " + std::to_string(numbers.size()));
  return numbers;
}

std::uint64_t seed_parameter(std::string_view query, const event_engine::QueryParameters& parameters) {
  if (parameters.contains("seed")) {
    return integer_parameter(query, parameters, "seed", 0, std::numeric_limits<std::uint64_t>::max());
  }
  std::random_device device;
  return std::uniform_int_distribution<std::uint64_t>()(device);
}

}  // namespace binomial_grid
