// The JetStream streams behind the broker's topics: each is created the first time a topic is
// used, with the configured replicas and retention; a stream that already exists with another
// config is reported (a warning and a log line per engine start), never changed, because other
// engines or an operator may rely on it as it is.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "nats_broker_config.hpp"
#include "nats_connection.hpp"

namespace nats_broker {

struct StreamTarget {
  std::string topic;
  std::string stream;
  std::vector<std::string> subjects;  // one per partition: the topic itself, or <topic>.0 ..
};

class StreamCatalog {
 public:
  StreamCatalog(const NatsBrokerConfig& config, NatsConnection& connection)
      : config_(config), connection_(connection) {}

  // The stream of `topic`, created if missing. The reference stays valid for the catalog's life.
  // Throws NatsError when JetStream cannot be asked.
  const StreamTarget& ensure(std::string_view topic);

 private:
  void create_or_check(const StreamTarget& target);

  const NatsBrokerConfig& config_;
  NatsConnection& connection_;
  std::mutex mutex_;
  std::deque<StreamTarget> known_;
};

}  // namespace nats_broker
