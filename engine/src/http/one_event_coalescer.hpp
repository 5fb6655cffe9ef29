// The one-event ingestion requests (GET /update_model/w and its like) that one turn of the HTTP
// front's I/O thread has read, published together: one batch per topic, sent when the turn's
// other ready sockets have been read. A request each its own broker message cost a send and, as
// often as not, a wake-up of the pipeline's thread per event; batched, both are paid per turn. Each
// request is answered once its batch is published, as it was when published alone; a batch that
// cannot be published without waiting goes request by request to the workers, which may wait.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "http/http_exchange.hpp"
#include "http/request_router.hpp"

namespace event_engine {

class HttpConnection;

class OneEventCoalescer {
 public:
  OneEventCoalescer(boost::asio::io_context& io, RequestRouter& router) : io_(io), router_(router) {}

  // On the I/O thread. Adds the request's event to its topic's batch for this turn and answers the
  // connection once the batch is published; false, having added nothing, when the request is not
  // one the front may publish without waiting (RequestRouter::match_to_publish_without_waiting).
  bool add(const std::shared_ptr<HttpConnection>& connection, const HttpRequestView& request);

 private:
  struct TopicBatch {
    std::string topic;
    EventBatch events;
    // waiting[i] sent events[i].
    std::vector<std::shared_ptr<HttpConnection>> waiting;
  };
  void publish_the_turns_batches();

  boost::asio::io_context& io_;
  RequestRouter& router_;
  // Kept between turns with their capacity: a turn allocates nothing once the topics are known.
  std::vector<TopicBatch> batches_;
  bool publish_posted_ = false;
};

}  // namespace event_engine
