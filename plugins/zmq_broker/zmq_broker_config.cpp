#include "zmq_broker_config.hpp"

#include <limits>

namespace zmq_broker {
namespace {

bool has_supported_transport(const std::string& endpoint) {
  return endpoint.starts_with("inproc://") || endpoint.starts_with("ipc://") ||
         endpoint.starts_with("tcp://");
}

}  // namespace

ZmqBrokerConfig read_config(const event_engine::ConfigReader& config,
                            const std::filesystem::path& config_dir) {
  constexpr std::int64_t largest_int = std::numeric_limits<int>::max();
  ZmqBrokerConfig read;
  read.pattern = config.one_of("pattern", "push_pull", {"push_pull", "pub_sub"}) == "pub_sub"
                     ? Pattern::pub_sub
                     : Pattern::push_pull;
  read.endpoints = config.string_list("endpoints", read.endpoints);
  if (read.endpoints.empty()) config.fail("endpoints", "expected at least one endpoint");
  for (std::size_t i = 0; i < read.endpoints.size(); ++i) {
    if (!has_supported_transport(read.endpoints[i])) {
      throw event_engine::ConfigError(config.path_of("endpoints") + "/" + std::to_string(i),
                                      "expected an endpoint starting with inproc://, ipc:// or tcp://, got " +
                                          event_engine::ConfigReader::shown(read.endpoints[i]));
    }
  }
  read.bind = config.one_of("bind", "receiver", {"receiver", "sender"}) == "sender" ? BindingSide::sender
                                                                                    : BindingSide::receiver;
  read.high_water_mark =
      static_cast<int>(config.integer("high_water_mark", read.high_water_mark, 0, largest_int));
  read.linger_ms = static_cast<int>(config.integer("linger_ms", read.linger_ms, 0, largest_int));
  read.max_message_bytes = config.integer("max_message_bytes", read.max_message_bytes, 1,
                                          std::numeric_limits<std::int64_t>::max());
  read.curve = read_curve_keys(config, config_dir);
  return read;
}

}  // namespace zmq_broker
