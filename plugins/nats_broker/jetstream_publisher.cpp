#include "jetstream_publisher.hpp"

#include "event_frames.hpp"

namespace nats_broker {

JetStreamPublisher::JetStreamPublisher(const NatsBrokerConfig& config, NatsConnection& connection,
                                       StreamCatalog& streams, NatsBrokerMetrics& metrics)
    : config_(config), streams_(streams), claims_(config, connection), metrics_(metrics) {
  jsOptions options;
  jsOptions_Init(&options);
  options.Wait = config.connection.request_timeout.count();
  options.PublishAsync.MaxPending = config.jetstream.max_in_flight;
  options.PublishAsync.ErrHandler = on_publish_error;
  options.PublishAsync.ErrHandlerClosure = this;
  options.PublishAsync.StallWait = config.connection.request_timeout.count();
  js_ = connection.new_jetstream_context(&options);
}

JetStreamPublisher::~JetStreamPublisher() {
  forget_pending();
  jsCtx_Destroy(js_);
}

void JetStreamPublisher::on_publish_error(jsCtx*, jsPubAckErr* error, void* closure) {
  auto* self = static_cast<JetStreamPublisher*>(closure);
  self->last_error_.store(static_cast<int>(error->Err), std::memory_order_relaxed);
  self->failed_.fetch_add(1, std::memory_order_release);
}

const StreamTarget& JetStreamPublisher::target_of(std::string_view topic) {
  if (last_target_ == nullptr || last_target_->topic != topic) last_target_ = &streams_.ensure(topic);
  return *last_target_;
}

void JetStreamPublisher::publish(std::string_view topic, std::string_view payload) {
  single_.clear();
  single_.add(payload);
  publish_batch(topic, single_);
}

void JetStreamPublisher::publish_batch(std::string_view topic, const event_engine::EventBatch& events) {
  if (events.empty()) return;
  const StreamTarget& target = target_of(topic);
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.ExpectStream = target.stream.c_str();
  failed_.store(0, std::memory_order_relaxed);
  std::size_t messages = 0;
  for (std::size_t first = 0; first < events.size(); first += config_.events_per_message) {
    const std::size_t last = std::min(events.size(), first + config_.events_per_message);
    encode_frames(events, first, last, message_);
    const std::string& subject = target.subjects[next_partition_];
    next_partition_ = (next_partition_ + 1) % target.subjects.size();
    published_async_ = true;
    const natsStatus status =
        js_PublishAsync(js_, subject.c_str(), message_.data(), static_cast<int>(message_.size()), &options);
    if (status != NATS_OK) {
      forget_pending();
      metrics_.publish_failures.add();
      throw NatsError("publish to " + subject, status);
    }
    ++messages;
  }
  jsPubOptions complete;
  jsPubOptions_Init(&complete);
  complete.MaxWait = config_.connection.request_timeout.count();
  const natsStatus status = js_PublishAsyncComplete(js_, &complete);
  if (status != NATS_OK || failed_.load(std::memory_order_acquire) != 0) {
    forget_pending();
    metrics_.publish_failures.add();
    throw NatsError("stream " + target.stream + " did not acknowledge the batch",
                    status != NATS_OK ? status : static_cast<natsStatus>(last_error_.load()));
  }
  metrics_.messages_published.add(messages);
  metrics_.events_published.add(events.size());
}

event_engine::PublishOnceOutcome JetStreamPublisher::publish_batch_once(
    std::string_view topic, const event_engine::EventBatch& events, const event_engine::PublishOnce& once) {
  const StreamTarget& target = target_of(topic);
  const IdempotencyClaims::Claim claim = claims_.claim(target.stream, once.key, once.fingerprint);
  if (claim == IdempotencyClaims::Claim::other_body) return event_engine::PublishOnceOutcome::conflict;
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.ExpectStream = target.stream.c_str();
  options.MaxWait = config_.connection.request_timeout.count();
  bool duplicate = false;
  std::size_t messages = 0;
  std::size_t stored_events = 0;
  for (std::size_t first = 0, index = 0; first < events.size();
       first += config_.events_per_message, ++index) {
    const std::size_t last = std::min(events.size(), first + config_.events_per_message);
    encode_frames(events, first, last, message_);
    message_id_.assign(once.key).append("/").append(std::to_string(index));
    options.MsgId = message_id_.c_str();
    const std::string& subject = target.subjects[next_partition_];
    next_partition_ = (next_partition_ + 1) % target.subjects.size();
    jsPubAck* ack = nullptr;
    jsErrCode error = static_cast<jsErrCode>(0);
    const natsStatus status = js_Publish(&ack, js_, subject.c_str(), message_.data(),
                                         static_cast<int>(message_.size()), &options, &error);
    if (status != NATS_OK) {
      metrics_.publish_failures.add();
      throw NatsError("publish to " + subject + " (message " + message_id_ + ")", status, error);
    }
    if (ack->Duplicate) {
      duplicate = true;
    } else {
      ++messages;
      stored_events += last - first;
    }
    jsPubAck_Destroy(ack);
  }
  metrics_.messages_published.add(messages);
  metrics_.events_published.add(stored_events);
  return duplicate ? event_engine::PublishOnceOutcome::duplicate : event_engine::PublishOnceOutcome::stored;
}

void JetStreamPublisher::forget_pending() {
  // nats.c keeps no pending list before a context's first async publish, and reading it then
  // crashes (a publisher that only ever published once, synchronously).
  if (!published_async_) return;
  natsMsgList pending{};
  if (js_PublishAsyncGetPendingList(&pending, js_) == NATS_OK) natsMsgList_Destroy(&pending);
}

}  // namespace nats_broker
