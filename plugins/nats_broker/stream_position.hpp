// A position in a JetStream stream as the checkpoint holds it: "S" when every event of the message
// with stream sequence S (and of every message before it) is covered, "S:K" when only the first K
// events of message S are (a batch ended inside a message).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nats_broker {

struct StreamPosition {
  std::uint64_t sequence = 0;
  std::uint64_t events_taken = 0;  // of message `sequence`; meaningful only when !whole
  bool whole = true;

  // The last message fully covered (0: none).
  std::uint64_t last_whole() const noexcept { return whole ? sequence : sequence - 1; }
};

// nullopt for anything that is not "S" or "S:K" with S >= 1 and K >= 1.
std::optional<StreamPosition> parse_stream_position(std::string_view text);

// Writes the position into `out`, reusing its capacity.
void format_stream_position(const StreamPosition& position, std::string& out);

}  // namespace nats_broker
