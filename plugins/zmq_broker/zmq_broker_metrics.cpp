#include "zmq_broker_metrics.hpp"

namespace zmq_broker {
namespace {

event_engine::Counter& registered(event_engine::Metrics* registry, event_engine::Counter& unexported,
                                  std::string_view name, std::string_view help) {
  return registry != nullptr ? registry->counter(name, help) : unexported;
}

}  // namespace

ZmqBrokerMetrics::ZmqBrokerMetrics(event_engine::Metrics* registry)
    : messages_received(registered(registry, unexported_[0], "event_engine_zmq_messages_received_total",
                                   "ZeroMQ messages received, whatever their topic")),
      events_received(registered(registry, unexported_[1], "event_engine_zmq_events_received_total",
                                 "Events taken from received ZeroMQ messages")),
      unknown_topic(registered(registry, unexported_[2], "event_engine_zmq_unknown_topic_total",
                               "ZeroMQ messages ignored because their topic is not subscribed")),
      malformed(registered(registry, unexported_[3], "event_engine_zmq_malformed_messages_total",
                           "ZeroMQ messages ignored because of their frames (more than three, a third that "
                           "is not a send time, or no topic frame with pub_sub)")),
      messages_sent(registered(registry, unexported_[4], "event_engine_zmq_messages_sent_total",
                               "ZeroMQ messages sent by this process's publishers")),
      events_sent(registered(registry, unexported_[5], "event_engine_zmq_events_sent_total",
                             "Events sent by this process's publishers; with pub_sub, the sent minus what "
                             "a subscriber received is what it lost")),
      bytes_received(registered(registry, unexported_[6], "event_engine_zmq_bytes_received_total",
                                "Event bytes (message bodies) received on subscribed topics")),
      bytes_scanned(registered(registry, unexported_[7], "event_engine_zmq_bytes_scanned_total",
                               "Event bytes searched for the newlines between events; each byte is "
                               "searched once, so this stays equal to the bytes received once polled")),
      disconnections(registered(registry, unexported_[8], "event_engine_zmq_disconnections_total",
                                "Connections of the receiving socket that ended: a peer that closed, one "
                                "cut off for a frame over max_message_bytes (libzmq reports both alike), "
                                "or a refused handshake")),
      handshakes_refused(registered(registry, unexported_[9], "event_engine_zmq_handshakes_refused_total",
                                    "Peers the receiving socket refused at the handshake: no CURVE, an "
                                    "unauthorised public key, or the wrong server key")) {}

}  // namespace zmq_broker
