// A fuzz input read as JSON the way the engine hands JSON to a plugin: bounded in nesting (the
// config loader and the stores refuse deeper documents before a plugin sees them), so a target
// spends its time in the plugin's code rather than in nlohmann/json's recursion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

inline constexpr int fuzz_json_max_nesting = 64;

inline std::optional<nlohmann::json> fuzz_input_as_json(const std::uint8_t* data, std::size_t size) {
  bool too_deep = false;
  const auto bounded = [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    too_deep = too_deep || depth > fuzz_json_max_nesting;
    return !too_deep;
  };
  nlohmann::json value = nlohmann::json::parse(data, data + size, bounded, /*allow_exceptions=*/false);
  if (too_deep || value.is_discarded()) return std::nullopt;
  return value;
}
