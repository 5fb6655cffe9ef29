// What a case expects of a JSON value, and the first place where the actual value differs.
//
// A matcher is plain JSON compared exactly (numbers by value: 6 matches 6.0), except for objects of
// two shapes: {"approx": x, "tol": t} (a number within t of x; t defaults to 1e-9) and
// {"min": a, "max": b} (a number in [a, b]; either bound may be left out). Other objects match an
// object holding at least their keys; arrays match arrays of the same length, item by item.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace event_engine {

// Throws CaseFileError naming `path` (the matcher's place in the case file) when a matcher is
// malformed: an approx without a number, a negative tol, min above max, an unknown key beside them.
void check_matcher(const nlohmann::json& matcher, const std::string& path);

// nullopt when `actual` matches; else "<path>: expected <...>, got <...>" for the first difference,
// `path` being where `actual` sits ("/summary/mean").
std::optional<std::string> first_difference(const nlohmann::json& matcher, const nlohmann::json& actual,
                                            const std::string& path);

}  // namespace event_engine
