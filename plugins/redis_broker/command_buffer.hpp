// Redis commands written in the protocol's own form (RESP arrays of bulk strings) into one reused
// buffer, so that a pipeline of thousands of commands is one write and allocates nothing once the
// buffer has grown to its working size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace redis_broker {

class CommandBuffer {
 public:
  void clear() noexcept {
    bytes_.clear();
    commands_ = 0;
  }

  // Starts a command of `arguments` arguments (the command name included); add them with argument().
  void begin(std::size_t arguments);
  void argument(std::string_view value);
  void argument(std::uint64_t value);

  void add(std::initializer_list<std::string_view> arguments) {
    begin(arguments.size());
    for (std::string_view value : arguments) argument(value);
  }

  std::string_view bytes() const noexcept { return bytes_; }
  std::size_t commands() const noexcept { return commands_; }

 private:
  void append_length(char marker, std::size_t length);

  std::string bytes_;
  std::size_t commands_ = 0;
};

}  // namespace redis_broker
