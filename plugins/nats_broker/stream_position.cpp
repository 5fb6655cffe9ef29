#include "stream_position.hpp"

#include <charconv>

namespace nats_broker {
namespace {

std::optional<std::uint64_t> positive_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value == 0)
    return std::nullopt;
  return value;
}

}  // namespace

std::optional<StreamPosition> parse_stream_position(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::optional<std::uint64_t> sequence = positive_number(text.substr(0, colon));
  if (!sequence) return std::nullopt;
  if (colon == std::string_view::npos) return StreamPosition{*sequence, 0, true};
  const std::optional<std::uint64_t> taken = positive_number(text.substr(colon + 1));
  if (!taken) return std::nullopt;
  return StreamPosition{*sequence, *taken, false};
}

void format_stream_position(const StreamPosition& position, std::string& out) {
  char buffer[48];
  char* end = std::to_chars(buffer, buffer + 20, position.sequence).ptr;
  if (!position.whole) {
    *end++ = ':';
    end = std::to_chars(end, buffer + sizeof(buffer), position.events_taken).ptr;
  }
  out.assign(buffer, end);
}

}  // namespace nats_broker
