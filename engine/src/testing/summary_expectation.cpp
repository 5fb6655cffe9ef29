#include "testing/summary_expectation.hpp"

#include <cmath>

#include "event_engine/config_reader.hpp"
#include "testing/case_file.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

constexpr double default_tolerance = 1e-9;

bool is_approx(const json& matcher) { return matcher.is_object() && matcher.contains("approx"); }

// An object of "min" and/or "max" and nothing else.
bool is_range(const json& matcher) {
  if (!matcher.is_object() || matcher.empty() || matcher.size() > 2) return false;
  for (const auto& item : matcher.items()) {
    if (item.key() != "min" && item.key() != "max") return false;
  }
  return true;
}

std::string shown(const json& value) { return ConfigReader::shown(value); }

std::string key_path(const std::string& path, const std::string& key) {
  // JSON pointer escaping (RFC 6901), so a key with "/" or "~" still names one place.
  std::string escaped;
  for (const char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return path + "/" + escaped;
}

std::string expected_range(const json& matcher) {
  if (matcher.contains("min") && matcher.contains("max"))
    return "a number in [" + shown(matcher["min"]) + ", " + shown(matcher["max"]) + "]";
  if (matcher.contains("min")) return "a number >= " + shown(matcher["min"]);
  return "a number <= " + shown(matcher["max"]);
}

}  // namespace

void check_matcher(const json& matcher, const std::string& path) {
  if (is_approx(matcher)) {
    for (const auto& item : matcher.items()) {
      if (item.key() != "approx" && item.key() != "tol") {
        throw CaseFileError(key_path(path, item.key()) +
                            ": unknown key beside \"approx\" (only \"tol\" may be)");
      }
    }
    if (!matcher["approx"].is_number())
      throw CaseFileError(path + "/approx: expected a number, got " + shown(matcher["approx"]));
    if (matcher.contains("tol") && !(matcher["tol"].is_number() && matcher["tol"].get<double>() >= 0))
      throw CaseFileError(path + "/tol: expected a number >= 0, got " + shown(matcher["tol"]));
    return;
  }
  if (is_range(matcher)) {
    for (const char* bound : {"min", "max"}) {
      if (matcher.contains(bound) && !matcher[bound].is_number())
        throw CaseFileError(path + "/" + bound + ": expected a number, got " + shown(matcher[bound]));
    }
    if (matcher.size() == 2 && matcher["min"].get<double>() > matcher["max"].get<double>())
      throw CaseFileError(path + ": expected min <= max, got " + shown(matcher));
    return;
  }
  if (matcher.is_object()) {
    for (const auto& item : matcher.items()) check_matcher(item.value(), key_path(path, item.key()));
  } else if (matcher.is_array()) {
    for (std::size_t i = 0; i < matcher.size(); ++i)
      check_matcher(matcher[i], path + "/" + std::to_string(i));
  }
}

std::optional<std::string> first_difference(const json& matcher, const json& actual,
                                            const std::string& path) {
  const std::string where = path.empty() ? "/" : path;
  if (is_approx(matcher)) {
    const double target = matcher["approx"].get<double>();
    const double tolerance = matcher.value("tol", default_tolerance);
    if (actual.is_number() && std::abs(actual.get<double>() - target) <= tolerance) return std::nullopt;
    return where + ": expected " + shown(matcher["approx"]) + " within " + json(tolerance).dump() + ", got " +
           shown(actual);
  }
  if (is_range(matcher)) {
    const bool in_range =
        actual.is_number() &&
        (!matcher.contains("min") || actual.get<double>() >= matcher["min"].get<double>()) &&
        (!matcher.contains("max") || actual.get<double>() <= matcher["max"].get<double>());
    if (in_range) return std::nullopt;
    return where + ": expected " + expected_range(matcher) + ", got " + shown(actual);
  }
  if (matcher.is_object()) {
    if (!actual.is_object()) return where + ": expected an object, got " + shown(actual);
    for (const auto& item : matcher.items()) {
      const std::string inner = key_path(path, item.key());
      if (!actual.contains(item.key())) return inner + ": expected " + shown(item.value()) + ", got nothing";
      if (auto difference = first_difference(item.value(), actual[item.key()], inner)) return difference;
    }
    return std::nullopt;
  }
  if (matcher.is_array()) {
    if (!actual.is_array()) return where + ": expected a list, got " + shown(actual);
    if (actual.size() != matcher.size()) {
      return where + ": expected a list of " + std::to_string(matcher.size()) + ", got " +
             std::to_string(actual.size()) + " items";
    }
    for (std::size_t i = 0; i < matcher.size(); ++i) {
      if (auto difference = first_difference(matcher[i], actual[i], path + "/" + std::to_string(i)))
        return difference;
    }
    return std::nullopt;
  }
  // nlohmann compares numbers by value across integer and floating types.
  if (matcher == actual) return std::nullopt;
  return where + ": expected " + shown(matcher) + ", got " + shown(actual);
}

}  // namespace event_engine
