// A Redis stream entry ID, "<milliseconds>-<sequence>": ordered as the two numbers it holds, never as
// text ("9-0" comes before "10-0").
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace redis_broker {

// The text of a StreamId, held in place so that formatting one allocates nothing.
struct StreamIdText {
  char characters[48];
  std::uint8_t length = 0;
  std::string_view view() const noexcept { return {characters, length}; }
};

struct StreamId {
  std::uint64_t milliseconds = 0;
  std::uint64_t sequence = 0;

  auto operator<=>(const StreamId&) const = default;

  // "<ms>-<seq>", or "<ms>" meaning sequence 0; nullopt for anything else.
  static std::optional<StreamId> parse(std::string_view text) noexcept;
  StreamIdText text() const noexcept;
};

}  // namespace redis_broker
