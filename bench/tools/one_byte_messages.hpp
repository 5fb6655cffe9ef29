// The zmq_e2e workload: one-byte events, one per single-frame message, as fast as the socket
// takes them. Shared by the external client and the raw baseline so both send the same way.
#pragma once

#include <cstdint>
#include <zmq.hpp>

namespace bench {

inline void send_one_byte_messages(zmq::socket_t& push, std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) push.send(zmq::str_buffer("w"));
}

}  // namespace bench
