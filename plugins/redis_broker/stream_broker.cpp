#include "stream_broker.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "redis_publisher.hpp"
#include "stream_scripts.hpp"

namespace redis_broker {
namespace {

// The heartbeat (and the look for dead consumers) comes four times per claim_idle_ms, so that a live
// engine is never taken for dead, and at most this often.
constexpr std::chrono::milliseconds shortest_heartbeat_interval{250};
// Pending entries requeued per dead consumer and script call. A call of 2,000 keeps Redis busy for
// a few milliseconds; while a backlog remains the next poll calls again, so a dead consumer's
// 100,000 entries come back in about a second rather than one call per heartbeat (7.5 s apart).
constexpr std::uint64_t most_requeued_per_consumer = 2000;
// Connections that read at once when entries are waiting (see stream_readers.hpp).
constexpr std::size_t reading_connections = 8;

}  // namespace

StreamBroker::StreamBroker(RedisBrokerConfig config, event_engine::Metrics* metrics,
                           std::shared_ptr<spdlog::logger> logger)
    : config_(std::move(config)),
      metrics_(metrics),
      logger_(std::move(logger)),
      publisher_link_("stream publishers", config_.connection.server(), logger_, config_.reconnect_max),
      probe_(config_.connection),
      consumer_link_("stream consumer " + config_.stream.consumer, config_.connection.server(), logger_,
                     config_.reconnect_max, &metrics_.subscriber_disconnections,
                     &metrics_.subscriber_down_milliseconds) {}

std::unique_ptr<event_engine::Publisher> StreamBroker::open_publisher() {
  return std::make_unique<RedisPublisher>(config_, publisher_link_, metrics_);
}

bool StreamBroker::ready() const { return subscribed_.load() ? consumer_link_.up() : probe_.reachable(); }

void StreamBroker::subscribe(const std::vector<std::string>& topics,
                             const std::optional<std::string>& from_position) {
  if (subscribed_.load()) throw std::logic_error("redis broker: subscribe() was called already");
  if (topics.size() != 1) {
    throw std::invalid_argument("redis broker: stream mode reads one stream per engine, got " +
                                std::to_string(topics.size()) + " topics in process.topics");
  }
  stream_ = topics.front();
  committed_key_ = "event-engine:committed:" + stream_ + ":" + config_.stream.group;
  heartbeats_key_ = "event-engine:heartbeats:" + stream_ + ":" + config_.stream.group;
  checkpoints_key_ = "event-engine:checkpoints:" + stream_ + ":" + config_.stream.group;
  if (from_position && !from_position->empty()) {
    const std::optional<StreamId> position = StreamId::parse(*from_position);
    if (position && from_position->find('-') != std::string::npos) {
      checkpoint_position_ = position;
      covered_up_to_ = delivered_up_to_ = *position;
    } else {
      logger_->warn(
          "redis stream: the checkpoint's position \"{}\" is not a stream entry ID (saved in pubsub mode or "
          "by another broker); the model keeps its state and the group is read from where it stands",
          *from_position);
    }
  }
  logger_->info("redis stream: consumer {} of group {} on stream {}, {}", config_.stream.consumer,
                config_.stream.group, stream_,
                checkpoint_position_ ? "resuming after " + std::string(checkpoint_position_->text().view())
                                     : std::string("with no checkpoint position"));
  subscribed_.store(true);
  // The first attempt tells an outage, which poll() rides out, from a refusal (a wrong password,
  // a command the server's ACL forbids), which no retry mends: at start that ends the engine.
  try {
    connect();
  } catch (const RedisUnavailable& error) {
    consumer_link_.failed(error.what());
    return;
  } catch (const RedisError& error) {
    consumer_link_.failed(error.what());
    throw std::runtime_error(std::string("redis broker: ") + error.what());
  }
  consumer_link_.connected();
}

bool StreamBroker::reconnect(std::chrono::milliseconds timeout) {
  if (const auto wait = consumer_link_.wait_before_attempt(); wait.count() > 0) {
    std::this_thread::sleep_for(std::min(wait, timeout));
    if (wait > timeout) return false;
  }
  try {
    connect();
  } catch (const RedisError& error) {
    consumer_link_.failed(error.what());
    return false;
  }
  consumer_link_.connected();
  return true;
}

void StreamBroker::connect() {
  auto control = std::make_unique<RedisConnection>(config_.connection);
  create_group(*control);
  if (!took_over_) {
    if (checkpoint_position_) take_over_predecessor(*control);
    took_over_ = true;
  }
  readers_ =
      std::make_unique<StreamReaders>(config_.connection, config_.stream, stream_, reading_connections);
  control_ = std::move(control);
  // Replies lost with a previous connection left entries pending here unseen: read them first.
  phase_ = Phase::own_pending;
}

void StreamBroker::create_group(RedisConnection& redis) {
  // A new group starts after what this engine has seen; with nothing seen, at the stream's start.
  const StreamIdText start = delivered_up_to_.text();
  const bool seen_nothing = delivered_up_to_ == StreamId{};
  const Reply reply = redis.command({"XGROUP", "CREATE", stream_, config_.stream.group,
                                     seen_nothing ? std::string_view("0") : start.view(), "MKSTREAM"});
  if (reply.is_error() && !reply.text().starts_with("BUSYGROUP")) {
    throw_reply_error(redis, "XGROUP CREATE " + stream_, reply);
  }
  if (!reply.is_error())
    logger_->info("redis stream: created group {} on stream {}", config_.stream.group, stream_);
}

void StreamBroker::take_over_predecessor(RedisConnection& redis) {
  const StreamIdText position = checkpoint_position_->text();
  const Reply reply = redis.checked_command(
      "taking over the predecessor's pending entries",
      {"EVAL", take_over_predecessor_script, "3", stream_, committed_key_, heartbeats_key_,
       config_.stream.group, config_.stream.consumer, position.view()});
  if (reply.type() != ReplyType::array || reply.size() != 2) {
    throw_reply_error(redis, "taking over the predecessor's pending entries: unexpected reply", reply);
  }
  const Reply predecessor = reply[0];
  const long long moved = reply[1].integer();
  if (predecessor.is_nil() || predecessor.text() == config_.stream.consumer) return;
  metrics_.stream_claimed.add(static_cast<std::uint64_t>(moved));
  logger_->info("redis stream: took over {} pending entries of consumer {}, which saved the checkpoint",
                moved, predecessor.text());
}

void StreamBroker::heartbeat_when_due() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_heartbeat_) return;
  next_heartbeat_ = now + std::max(config_.stream.claim_idle / 4, shortest_heartbeat_interval);
  commands_.clear();
  commands_.begin(13);
  for (std::string_view argument :
       {std::string_view("EVAL"), requeue_dead_consumers_script, std::string_view("4"),
        std::string_view(stream_), std::string_view(committed_key_), std::string_view(heartbeats_key_),
        std::string_view(checkpoints_key_), std::string_view(config_.stream.group),
        std::string_view(config_.stream.consumer)}) {
    commands_.argument(argument);
  }
  commands_.argument(static_cast<std::uint64_t>(config_.stream.claim_idle.count()));
  commands_.argument(most_requeued_per_consumer);
  commands_.argument(config_.stream.maxlen);
  commands_.argument(config_.stream.checkpoint_hash);
  control_->send(commands_.bytes());
  const Reply reply = control_->receive();
  if (reply.is_error() || reply.type() != ReplyType::array || reply.size() != 3) {
    throw_reply_error(*control_, "requeueing the entries of dead consumers", reply);
  }
  const auto requeued = static_cast<std::uint64_t>(reply[0].integer());
  const auto trimmed = static_cast<std::uint64_t>(reply[1].integer());
  const bool backlog_remains = reply[2].integer() != 0;
  metrics_.stream_requeued.add(requeued);
  metrics_.stream_trimmed_unprocessed.add(trimmed);
  requeue_run_.requeued += requeued;
  requeue_run_.trimmed += trimmed;
  if (backlog_remains) {
    next_heartbeat_ = now;
    return;
  }
  // One line per backlog, however many calls it took.
  if (requeue_run_.requeued == 0 && requeue_run_.trimmed == 0) return;
  logger_->info(
      "redis stream: appended again {} entries left pending by consumers silent for {} ms or more{}",
      requeue_run_.requeued, config_.stream.claim_idle.count(),
      requeue_run_.trimmed == 0
          ? std::string()
          : "; " + std::to_string(requeue_run_.trimmed) + " had been trimmed away before being applied");
  requeue_run_ = {};
}

std::size_t StreamBroker::poll(event_engine::EventBatch& batch, std::size_t max_events,
                               std::chrono::milliseconds timeout) {
  if (!subscribed_.load()) throw std::logic_error("redis broker: poll() before subscribe()");
  std::size_t appended = 0;
  if (readers_ == nullptr && !reconnect(timeout)) return 0;
  try {
    // The heartbeat shares the control connection with the commit: it waits for a free one.
    if (collect_commit(false)) heartbeat_when_due();
    deliver_unread(batch, max_events, appended);
    // First what was delivered here before and never handed over, in ID order: after a restart, the
    // predecessor's entries and this consumer's own; after a reconnection, replies lost on the way.
    while (phase_ == Phase::own_pending && appended < max_events) {
      readers_->request(pending_cursor_.text().view(), max_events - appended, std::chrono::milliseconds(0));
      if (readers_->receive() == 0) {
        phase_ = Phase::new_entries;
        break;
      }
      deliver_unread(batch, max_events, appended);
    }
    if (phase_ == Phase::new_entries && appended == 0 && !readers_->has_unread()) {
      if (!readers_->in_flight()) readers_->request(">", max_events, timeout);
      readers_->receive();
      deliver_unread(batch, max_events, appended);
      // Redis prepares the next batch while the pipeline applies this one.
      if (appended > 0 && !readers_->has_unread()) readers_->request(">", max_events, timeout);
    }
    acknowledge_skipped();
  } catch (const RedisError& error) {
    disconnected(error);
  }
  if (appended > 0) {
    metrics_.events_received.add(appended);
    batch.set_last_position(delivered_up_to_.text().view());
  }
  return appended;
}

void StreamBroker::deliver_unread(event_engine::EventBatch& batch, std::size_t room, std::size_t& appended) {
  std::uint64_t entries = 0;
  while (appended < room) {
    const std::optional<Reply> entry = readers_->next();
    if (!entry) break;
    deliver(*entry, batch, appended);
    ++entries;
  }
  metrics_.messages_received.add(entries);
}

void StreamBroker::deliver(const Reply& entry, event_engine::EventBatch& batch, std::size_t& appended) {
  const std::optional<StreamId> id = StreamId::parse(entry[0].text());
  if (!id) {
    metrics_.malformed.add();
    return;
  }
  pending_cursor_ = std::max(pending_cursor_, *id);
  if (*id <= delivered_up_to_) {
    // Delivered again (this engine's predecessor had it): skipped, and acknowledged if a checkpoint
    // covers it; otherwise the commit that will cover it acknowledges it.
    metrics_.stream_skipped.add();
    if (*id <= covered_up_to_) skipped_.push_back(*id);
    return;
  }
  delivered_up_to_ = *id;
  const Reply fields = entry[1];
  if (fields.is_nil()) {
    // Pending here but trimmed from the stream (MAXLEN) before it was applied.
    metrics_.stream_trimmed_unprocessed.add();
    skipped_.push_back(*id);
    return;
  }
  for (auto field = fields.begin(); field != fields.end(); ++field) {
    const bool wanted = (*field).text() == config_.stream.field;
    if (++field == fields.end()) break;
    if (wanted && (*field).text().size() > config_.max_message_bytes) {
      // Never applied; acknowledged at once like a malformed entry, so it is not delivered again.
      batch.add_oversized((*field).text().size(), config_.max_message_bytes, (*field).text(),
                          id->text().view());
      skipped_.push_back(*id);
      return;
    }
    if (wanted) {
      batch.add((*field).text());
      ++appended;
      unacknowledged_.push_back(*id);
      return;
    }
  }
  metrics_.malformed.add();
  skipped_.push_back(*id);
}

void StreamBroker::acknowledge_skipped() {
  if (skipped_.empty()) return;
  collect_commit(true);
  commands_.clear();
  commands_.begin(3 + skipped_.size());
  for (std::string_view argument :
       {std::string_view("XACK"), std::string_view(stream_), std::string_view(config_.stream.group)}) {
    commands_.argument(argument);
  }
  for (const StreamId& id : skipped_) commands_.argument(id.text().view());
  control_->send(commands_.bytes());
  const Reply reply = control_->receive();
  if (reply.is_error()) throw_reply_error(*control_, "XACK " + stream_, reply);
  metrics_.stream_acknowledged.add(static_cast<std::uint64_t>(reply.integer()));
  skipped_.clear();
}

StreamBroker::~StreamBroker() {
  if (control_ == nullptr) return;
  try {
    collect_commit(true);
  } catch (const RedisError& error) {
    logger_->warn("redis stream: the last acknowledgement was not confirmed: {}", error.what());
  }
}

void StreamBroker::commit(const std::string& position) {
  const std::optional<StreamId> committed = StreamId::parse(position);
  if (!committed || control_ == nullptr) return;
  try {
    // One commit at a time: its replies come before any other on the control connection.
    collect_commit(true);
    const auto covered_end = std::upper_bound(unacknowledged_.begin(), unacknowledged_.end(), *committed);
    const auto covered = static_cast<std::size_t>(covered_end - unacknowledged_.begin());
    commands_.clear();
    commands_.add({"MULTI"});
    if (covered > 0) {
      commands_.begin(3 + covered);
      for (std::string_view argument :
           {std::string_view("XACK"), std::string_view(stream_), std::string_view(config_.stream.group)}) {
        commands_.argument(argument);
      }
      for (auto id = unacknowledged_.begin(); id != covered_end; ++id) commands_.argument(id->text().view());
    }
    commands_.add({"HSET", committed_key_, config_.stream.consumer, position});
    commands_.add({"EXEC"});
    control_->send(commands_.bytes());
    commit_in_flight_ = CommitInFlight{commands_.commands(), *committed};
  } catch (const RedisError& error) {
    disconnected(error);
  }
}

bool StreamBroker::collect_commit(bool wait) {
  while (commit_in_flight_) {
    std::optional<Reply> reply = control_->buffered_reply();
    if (!reply) {
      if (!wait && !control_->wait_readable(std::chrono::milliseconds(0))) return false;
      control_->read_available();
      continue;
    }
    CommitInFlight& commit = *commit_in_flight_;
    const bool executed = --commit.replies_left == 0;
    // MULTI's +OK and each command's +QUEUED, then EXEC's array of results.
    if (executed ? reply->type() != ReplyType::array : reply->is_error()) {
      throw_reply_error(*control_, "committing " + std::string(commit.position.text().view()), *reply);
    }
    if (!executed) continue;
    // Entries delivered since were appended after the covered ones, with greater IDs.
    const auto covered_end =
        std::upper_bound(unacknowledged_.begin(), unacknowledged_.end(), commit.position);
    metrics_.stream_acknowledged.add(static_cast<std::uint64_t>(covered_end - unacknowledged_.begin()));
    unacknowledged_.erase(unacknowledged_.begin(), covered_end);
    covered_up_to_ = std::max(covered_up_to_, commit.position);
    commit_in_flight_.reset();
  }
  return true;
}

void StreamBroker::disconnected(const RedisError& error) {
  // An unconfirmed commit leaves its entries unacknowledged: the next commit covers them too.
  commit_in_flight_.reset();
  readers_.reset();
  control_.reset();
  consumer_link_.failed(error.what());
}

}  // namespace redis_broker
