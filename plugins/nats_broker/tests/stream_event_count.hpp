// What a JetStream stream holds, read with the C client alone (not through the plugin): the tests'
// independent count of the events a cluster stored, to hold the engine's answers against.
#pragma once

#include <cstdint>
#include <string>

namespace nats_plugin_test {

struct StreamContents {
  std::uint64_t messages = 0;
  std::uint64_t events = 0;     // framed events counted one by one; an unframed message is one event
  std::uint64_t successes = 0;  // events equal to "w"
};

// Reads the whole stream `stream` through an ephemeral pull consumer on `servers` (comma-separated
// URLs). Throws std::runtime_error when it cannot.
StreamContents read_stream(const std::string& servers, const std::string& stream);

// The stream sequence every message up to which the durable consumer `consumer` has acknowledged.
std::uint64_t acknowledged_through(const std::string& servers, const std::string& stream,
                                   const std::string& consumer);

}  // namespace nats_plugin_test
