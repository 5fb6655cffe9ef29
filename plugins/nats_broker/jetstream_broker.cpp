#include "jetstream_broker.hpp"

#include <thread>

#include "event_engine/transient_error.hpp"
#include "event_frames.hpp"
#include "jetstream_publisher.hpp"

namespace nats_broker {
namespace {

constexpr std::int64_t nanoseconds_per_millisecond = 1000000;
// Long: acknowledgements come only with checkpoints, and a redelivery is skipped anyway.
constexpr std::int64_t ack_wait_ms = 10 * 60 * 1000;
constexpr auto retry_pause = std::chrono::milliseconds(50);
// How long a pull may wait while the stream is busy (see poll()).
constexpr auto busy_fetch_wait = std::chrono::milliseconds(2000);

struct MetaDataDeleter {
  void operator()(jsMsgMetaData* meta) const { jsMsgMetaData_Destroy(meta); }
};

}  // namespace

JetStreamBroker::JetStreamBroker(NatsBrokerConfig config, event_engine::Metrics* metrics,
                                 std::shared_ptr<spdlog::logger> logger)
    : config_(std::move(config)),
      metrics_(metrics),
      logger_(std::move(logger)),
      connection_(config_.connection, logger_, "event-engine " + config_.jetstream.group) {
  held_.reserve(static_cast<std::size_t>(config_.jetstream.fetch_batch));
  durable_ = config_.jetstream.group + "-p" + std::to_string(config_.jetstream.partition);
}

JetStreamBroker::~JetStreamBroker() { drop_subscription(); }

std::unique_ptr<event_engine::Publisher> JetStreamBroker::open_publisher() {
  return std::make_unique<JetStreamPublisher>(config_, connection_, streams_, metrics_);
}

bool JetStreamBroker::ready() const { return connection_.connected(); }

void JetStreamBroker::subscribe(const std::vector<std::string>& topics,
                                const std::optional<std::string>& from_position) {
  if (topics.size() != 1)
    throw std::runtime_error("the nats broker in jetstream mode consumes exactly one topic");
  topic_ = topics.front();
  if (from_position && !from_position->empty()) {
    if (const std::optional<StreamPosition> parsed = parse_stream_position(*from_position)) {
      resume_ = *parsed;
    } else {
      logger_->warn(
          "nats: the checkpoint's position '{}' is not a stream sequence; reading the stream from its start",
          from_position->substr(0, 64));
    }
  }
  delivered_ = resume_;
  if (!set_up_consumer() && setup_failure_transient_) throw event_engine::TransientError(setup_failure_);
}

bool JetStreamBroker::set_up_consumer() {
  try {
    target_ = &streams_.ensure(topic_);
    jsCtx* js = connection_.jetstream();
    const std::string& subject = target_->subjects[static_cast<std::size_t>(config_.jetstream.partition)];
    jsErrCode error = static_cast<jsErrCode>(0);
    const natsStatus deleted =
        js_DeleteConsumer(js, target_->stream.c_str(), durable_.c_str(), nullptr, &error);
    if (deleted != NATS_OK && deleted != NATS_NOT_FOUND)
      throw NatsError("remove consumer " + durable_, deleted, error);
    jsConsumerConfig consumer;
    jsConsumerConfig_Init(&consumer);
    consumer.Durable = durable_.c_str();
    consumer.FilterSubject = subject.c_str();
    consumer.AckPolicy = js_AckAll;
    consumer.AckWait = ack_wait_ms * nanoseconds_per_millisecond;
    // Set, never left to the server: libnats sends no value of 0 or below, and the server's
    // default (1,000 in 2.9) then stopped delivery a thousand messages past each checkpoint, until
    // the next one came by time: one-event messages were consumed at 1,000 per every_ms.
    consumer.MaxAckPending = config_.jetstream.max_ack_pending;
    consumer.MaxDeliver = -1;
    // A message the checkpoint covers only in part is read again; its first K events are skipped.
    const std::uint64_t first = resume_.whole ? resume_.sequence + 1 : resume_.sequence;
    if (first > 1) {
      consumer.DeliverPolicy = js_DeliverByStartSequence;
      consumer.OptStartSeq = first;
    } else {
      consumer.DeliverPolicy = js_DeliverAll;
    }
    jsConsumerInfo* info = nullptr;
    natsStatus status = js_AddConsumer(&info, js, target_->stream.c_str(), &consumer, nullptr, &error);
    if (status != NATS_OK) throw NatsError("create consumer " + durable_, status, error);
    jsConsumerInfo_Destroy(info);
    jsSubOptions bind;
    jsSubOptions_Init(&bind);
    bind.Stream = target_->stream.c_str();
    bind.Consumer = durable_.c_str();
    bind.ManualAck = true;
    status = js_PullSubscribe(&subscription_, js, subject.c_str(), durable_.c_str(), nullptr, &bind, &error);
    if (status != NATS_OK) throw NatsError("pull subscribe " + durable_, status, error);
    logger_->info("nats: consuming stream {} subject {} as {} from sequence {}", target_->stream, subject,
                  durable_, first);
    setup_failure_logged_ = false;
    return true;
  } catch (const NatsError& error) {
    return consumer_not_set_up(error.what(), error.transient());
  } catch (const std::exception& error) {
    return consumer_not_set_up(error.what(), false);
  }
}

bool JetStreamBroker::consumer_not_set_up(const std::string& why, bool transient) {
  if (!setup_failure_logged_) logger_->warn("{}; retrying", why);
  setup_failure_logged_ = true;
  setup_failure_ = why;
  setup_failure_transient_ = transient;
  subscription_ = nullptr;
  return false;
}

void JetStreamBroker::drop_subscription() {
  // Their acknowledgements belong to the subscription going away; the next checkpoint's commit
  // acknowledges through the new one.
  release_through(UINT64_MAX);
  for (std::size_t i = held_next_; i < held_.size(); ++i) natsMsg_Destroy(held_[i]);
  held_.clear();
  held_next_ = 0;
  current_sequence_ = 0;
  current_taken_ = 0;
  last_fetch_was_full_ = false;
  if (subscription_ != nullptr) natsSubscription_Destroy(subscription_);
  subscription_ = nullptr;
}

std::uint64_t JetStreamBroker::sequence_of(natsMsg* message) {
  jsMsgMetaData* raw = nullptr;
  if (natsMsg_GetMetaData(&raw, message) != NATS_OK) return 0;
  const std::unique_ptr<jsMsgMetaData, MetaDataDeleter> meta(raw);
  return meta->Sequence.Stream;
}

std::size_t JetStreamBroker::deliver_held(event_engine::EventBatch& batch, std::size_t room) {
  std::size_t appended = 0;
  natsMsg* last_whole = nullptr;
  while (held_next_ < held_.size() && appended < room) {
    natsMsg* message = held_[held_next_];
    if (current_sequence_ == 0) {
      current_sequence_ = sequence_of(message);
      current_taken_ = 0;
      // Delivered again after it was handed over (an acknowledgement that came too late).
      if (current_sequence_ <= delivered_.last_whole()) {
        metrics_.redeliveries_skipped.add();
        natsMsg_Destroy(message);
        ++held_next_;
        current_sequence_ = 0;
        continue;
      }
      if (!delivered_.whole && current_sequence_ == delivered_.sequence)
        current_taken_ = delivered_.events_taken;
      metrics_.messages_received.add();
    }
    const std::string_view data(natsMsg_GetData(message),
                                static_cast<std::size_t>(natsMsg_GetDataLength(message)));
    if (current_taken_ == 0 && data.size() > config_.max_message_bytes) {
      // Never applied, but delivered as a whole message of no events: the batch's position moves
      // past it, so the commit that covers it acknowledges it (AckAll) and it is not redelivered.
      format_stream_position({current_sequence_, 0, true}, position_text_);
      batch.add_oversized(data.size(), config_.max_message_bytes, data, position_text_);
      delivered_ = {current_sequence_, 0, true};
      if (last_whole != nullptr) natsMsg_Destroy(last_whole);
      last_whole = message;
      ++held_next_;
      current_sequence_ = 0;
      continue;
    }
    FrameReader reader(data, current_taken_);
    std::string_view event;
    while (appended < room && reader.next(event)) {
      batch.add(event);
      ++appended;
    }
    if (reader.corrupt()) metrics_.malformed.add();
    current_taken_ = reader.taken();
    if (!reader.done()) {
      delivered_ = {current_sequence_, current_taken_, false};
      break;
    }
    delivered_ = {current_sequence_, 0, true};
    if (last_whole != nullptr) natsMsg_Destroy(last_whole);
    last_whole = message;
    ++held_next_;
    current_sequence_ = 0;
  }
  if (last_whole != nullptr) acknowledgeable_.emplace_back(delivered_.last_whole(), last_whole);
  if (held_next_ == held_.size()) {
    held_.clear();
    held_next_ = 0;
  }
  metrics_.events_received.add(appended);
  return appended;
}

std::size_t JetStreamBroker::poll(event_engine::EventBatch& batch, std::size_t max_events,
                                  std::chrono::milliseconds timeout) {
  if (subscription_ == nullptr) {
    resume_ = delivered_;
    if (!set_up_consumer()) {
      std::this_thread::sleep_for(std::min(timeout, retry_pause));
      return 0;
    }
  }
  std::size_t appended = deliver_held(batch, max_events);
  if (appended == 0 && late_answers_pending()) {
    // libnats 3.4.1's Fetch, finding fewer messages than its batch already queued in the
    // subscription (answers to an earlier pull that came after that fetch gave up), takes them
    // and then writes past the array it allocated for the batch (valgrind: "Invalid write ... 0
    // bytes after a block of size 512" in _fetch); the heap corruption aborted the subscriber.
    // Such messages are dropped with the subscription instead; the next poll reads them again
    // from the stream, after the last event delivered.
    metrics_.late_answers_dropped.add();
    drop_subscription();
    return 0;
  }
  if (appended == 0) {
    // After a full batch the stream is busy and the next pull fills at once: the fetch may wait
    // long, so that a server slowed by a busy machine answers within it rather than late (see
    // above). When the stream then runs dry, that one pull waits out busy_fetch_wait for the
    // rest of its batch. Otherwise the caller's timeout keeps a trickle of events from waiting
    // for a whole batch.
    const std::int64_t wait_ms = last_fetch_was_full_
                                     ? std::max<std::int64_t>(timeout.count(), busy_fetch_wait.count())
                                     : std::max<std::int64_t>(timeout.count(), 1);
    natsMsgList list{};
    jsErrCode error = static_cast<jsErrCode>(0);
    const natsStatus status =
        natsSubscription_Fetch(&list, subscription_, config_.jetstream.fetch_batch, wait_ms, &error);
    last_fetch_was_full_ = status == NATS_OK && list.Count >= config_.jetstream.fetch_batch;
    if (status == NATS_OK) {
      for (int i = 0; i < list.Count; ++i) {
        held_.push_back(list.Msgs[i]);
        list.Msgs[i] = nullptr;
      }
      natsMsgList_Destroy(&list);
      appended = deliver_held(batch, max_events);
    } else if (status != NATS_TIMEOUT) {
      logger_->warn("nats: fetch from {} failed: {}; setting the consumer up again", durable_,
                    NatsError("fetch", status, error).what());
      drop_subscription();
      std::this_thread::sleep_for(std::min(timeout, retry_pause));
    }
  }
  if (appended > 0 || !batch.oversized().empty()) {
    format_stream_position(delivered_, position_text_);
    batch.set_last_position(position_text_);
  }
  return appended;
}

bool JetStreamBroker::late_answers_pending() const {
  int pending = 0;
  return natsSubscription_GetPending(subscription_, &pending, nullptr) == NATS_OK && pending > 0;
}

void JetStreamBroker::release_through(std::uint64_t sequence) {
  while (!acknowledgeable_.empty() && acknowledgeable_.front().first <= sequence) {
    natsMsg_Destroy(acknowledgeable_.front().second);
    acknowledgeable_.pop_front();
  }
}

void JetStreamBroker::commit(const std::string& position) {
  const std::optional<StreamPosition> parsed = parse_stream_position(position);
  if (!parsed) return;
  const std::uint64_t covered = parsed->last_whole();
  natsMsg* newest = nullptr;
  for (const auto& [sequence, message] : acknowledgeable_) {
    if (sequence > covered) break;
    newest = message;
  }
  // Acknowledging the newest covered message acknowledges every one before it (AckAll).
  if (newest != nullptr && subscription_ != nullptr) natsMsg_Ack(newest, nullptr);
  release_through(covered);
}

}  // namespace nats_broker
