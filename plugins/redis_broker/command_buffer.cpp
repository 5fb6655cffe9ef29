#include "command_buffer.hpp"

#include <charconv>
#include <limits>

namespace redis_broker {

void CommandBuffer::append_length(char marker, std::size_t length) {
  char text[std::numeric_limits<std::size_t>::digits10 + 4];
  text[0] = marker;
  char* end = std::to_chars(text + 1, text + sizeof(text), length).ptr;
  *end++ = '\r';
  *end++ = '\n';
  bytes_.append(text, static_cast<std::size_t>(end - text));
}

void CommandBuffer::begin(std::size_t arguments) {
  append_length('*', arguments);
  ++commands_;
}

void CommandBuffer::argument(std::string_view value) {
  append_length('$', value.size());
  bytes_.append(value);
  bytes_.append("\r\n", 2);
}

void CommandBuffer::argument(std::uint64_t value) {
  char digits[std::numeric_limits<std::uint64_t>::digits10 + 1];
  const char* end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  argument(std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

}  // namespace redis_broker
