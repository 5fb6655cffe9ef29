// The redis broker in stream mode: XADD to the stream named by the topic; one consumer in a consumer
// group reads it with XREADGROUP, acknowledges with XACK what a saved checkpoint covers, and takes
// over what a dead consumer left pending. Durable: with the checkpoint's position it gives the model
// every entry exactly once across crashes of the engine (README: "Exactly once").
#pragma once

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command_buffer.hpp"
#include "event_engine/broker.hpp"
#include "link_state.hpp"
#include "reachability_probe.hpp"
#include "redis_broker_config.hpp"
#include "redis_broker_metrics.hpp"
#include "redis_connection.hpp"
#include "stream_id.hpp"
#include "stream_readers.hpp"

namespace redis_broker {

class StreamBroker final : public event_engine::Broker {
 public:
  StreamBroker(RedisBrokerConfig config, event_engine::Metrics* metrics,
               std::shared_ptr<spdlog::logger> logger);

  event_engine::BrokerCapabilities capabilities() const override {
    return {.durable = true, .ordered = true, .deduplicates = true};
  }

  std::unique_ptr<event_engine::Publisher> open_publisher() override;

  // One topic (one stream) per engine. Entries at or before `from_position` are acknowledged and
  // skipped; a position that is not a stream entry ID (saved in pubsub mode) is ignored with a warning.
  // When Redis cannot be reached the broker keeps trying from poll(); subscribe() does not throw for that.
  void subscribe(const std::vector<std::string>& topics,
                 const std::optional<std::string>& from_position) override;

  std::size_t poll(event_engine::EventBatch& batch, std::size_t max_events,
                   std::chrono::milliseconds timeout) override;

  // Lets a commit still on its way land before the connections close.
  ~StreamBroker() override;

  // Sends XACK for every delivered entry up to `position` and returns without waiting for Redis:
  // the pipeline goes on reading while Redis acknowledges (an XACK of 100,000 IDs keeps it busy for
  // tens of milliseconds). The next poll() collects the reply. Never throws: with Redis unreachable
  // the entries stay pending and the next commit acknowledges them.
  void commit(const std::string& position) override;

  bool ready() const override;

 private:
  enum class Phase { own_pending, new_entries };

  bool reconnect(std::chrono::milliseconds timeout);
  void connect();
  void create_group(RedisConnection& redis);
  void take_over_predecessor(RedisConnection& redis);
  // Records this consumer's heartbeat and requeues the pending entries of dead consumers.
  void heartbeat_when_due();

  // Hands unread entries over until `appended` reaches `room`.
  void deliver_unread(event_engine::EventBatch& batch, std::size_t room, std::size_t& appended);
  void deliver(const Reply& entry, event_engine::EventBatch& batch, std::size_t& appended);
  void acknowledge_skipped();
  // Reads the replies of the commit in flight, if any; waits for them only when `wait`. Returns
  // true when no commit is in flight any more (the control connection is free). Throws RedisError.
  bool collect_commit(bool wait);
  void disconnected(const RedisError& error);

  const RedisBrokerConfig config_;
  RedisBrokerMetrics metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  LinkState publisher_link_;
  mutable ReachabilityProbe probe_;
  std::atomic<bool> subscribed_{false};

  // Used only by the pipeline thread.
  LinkState consumer_link_;
  std::unique_ptr<RedisConnection> control_;  // the group, scripts, acknowledgements
  std::unique_ptr<StreamReaders> readers_;
  std::string stream_;
  std::string committed_key_;    // hash: consumer -> the position it last committed
  std::string heartbeats_key_;   // hash: consumer -> when it last said it was alive (Redis clock, ms)
  std::string checkpoints_key_;  // hash: consumer -> the Redis hash of its checkpoint
  std::optional<StreamId> checkpoint_position_;
  bool took_over_ = false;
  Phase phase_ = Phase::own_pending;
  StreamId pending_cursor_;               // every entry up to it that was pending here has been seen
  StreamId covered_up_to_;                // by the checkpoint, or by a commit: acknowledged when seen again
  StreamId delivered_up_to_;              // every entry up to it was handed to the pipeline or set aside
  std::vector<StreamId> unacknowledged_;  // delivered, in ID order, awaiting the commit covering them
  std::vector<StreamId> skipped_;         // to acknowledge at once: covered or unusable
  CommandBuffer commands_;
  // A commit sent (MULTI, XACK, HSET, EXEC) whose replies have not all been read.
  struct CommitInFlight {
    std::size_t replies_left = 0;
    StreamId position;  // every entry of unacknowledged_ up to it is acknowledged by this commit
  };
  std::optional<CommitInFlight> commit_in_flight_;
  std::chrono::steady_clock::time_point next_heartbeat_{};
  // What the script calls of one backlog of dead consumers' entries have requeued so far.
  struct RequeueRun {
    std::uint64_t requeued = 0;
    std::uint64_t trimmed = 0;
  } requeue_run_;
};

}  // namespace redis_broker
