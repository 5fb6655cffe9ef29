#include "stream_id.hpp"

#include <charconv>

namespace redis_broker {
namespace {

bool parse_number(std::string_view digits, std::uint64_t& value) noexcept {
  if (digits.empty()) return false;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

std::optional<StreamId> StreamId::parse(std::string_view text) noexcept {
  StreamId id;
  const std::size_t dash = text.find('-');
  if (!parse_number(text.substr(0, dash), id.milliseconds)) return std::nullopt;
  if (dash != std::string_view::npos && !parse_number(text.substr(dash + 1), id.sequence))
    return std::nullopt;
  return id;
}

StreamIdText StreamId::text() const noexcept {
  StreamIdText text;
  char* const end = text.characters + sizeof(text.characters);
  char* out = std::to_chars(text.characters, end, milliseconds).ptr;
  *out++ = '-';
  out = std::to_chars(out, end, sequence).ptr;
  text.length = static_cast<std::uint8_t>(out - text.characters);
  return text;
}

}  // namespace redis_broker
