#include "http/one_event_coalescer.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "http/http_connection.hpp"

namespace event_engine {

bool OneEventCoalescer::add(const std::shared_ptr<HttpConnection>& connection,
                            const HttpRequestView& request) {
  const std::optional<RouteMatch> match = router_.match_to_publish_without_waiting(request);
  if (!match) return false;
  const std::string& topic = match->route->topic;
  auto found = std::find_if(batches_.begin(), batches_.end(),
                            [&topic](const TopicBatch& batch) { return batch.topic == topic; });
  TopicBatch* batch = found != batches_.end() ? &*found : &batches_.emplace_back(TopicBatch{topic, {}, {}});
  RequestRouter::add_event_of(*match, batch->events);
  batch->waiting.push_back(connection);
  if (!publish_posted_) {
    publish_posted_ = true;
    // Queued behind the handlers of the sockets this turn found ready, so it publishes what they
    // all read.
    boost::asio::post(io_, [this] { publish_the_turns_batches(); });
  }
  return true;
}

void OneEventCoalescer::publish_the_turns_batches() {
  publish_posted_ = false;
  for (TopicBatch& batch : batches_) {
    if (batch.waiting.empty()) continue;
    if (router_.publish_without_waiting(batch.topic, batch.events)) {
      for (const std::shared_ptr<HttpConnection>& connection : batch.waiting) connection->answer_published();
    } else {
      for (const std::shared_ptr<HttpConnection>& connection : batch.waiting)
        connection->hand_to_worker_now();
    }
    batch.events.clear();
    batch.waiting.clear();
  }
}

}  // namespace event_engine
