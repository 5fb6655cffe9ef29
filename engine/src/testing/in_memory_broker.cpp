#include "testing/in_memory_broker.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace event_engine {
namespace {

class InMemoryPublisher final : public Publisher {
 public:
  explicit InMemoryPublisher(InMemoryBroker& broker) : broker_(broker) {}

  void publish(std::string_view topic, std::string_view payload) override {
    single_.clear();
    single_.add(payload);
    broker_.append(topic, single_);
  }

  void publish_batch(std::string_view topic, const EventBatch& events) override {
    broker_.append(topic, events);
  }

 private:
  InMemoryBroker& broker_;
  EventBatch single_;
};

}  // namespace

std::unique_ptr<Publisher> InMemoryBroker::open_publisher() {
  return std::make_unique<InMemoryPublisher>(*this);
}

std::uint32_t InMemoryBroker::topic_index(std::string_view topic) {
  const auto known = std::find(topics_.begin(), topics_.end(), topic);
  if (known != topics_.end()) return static_cast<std::uint32_t>(known - topics_.begin());
  topics_.emplace_back(topic);
  subscribed_topic_.push_back(false);
  return static_cast<std::uint32_t>(topics_.size() - 1);
}

void InMemoryBroker::append(std::string_view topic, const EventBatch& events) {
  std::lock_guard lock(mutex_);
  const std::uint32_t index = topic_index(topic);
  for (std::size_t i = 0; i < events.size(); ++i) log_.add(events[i]);
  topic_of_event_.insert(topic_of_event_.end(), events.size(), index);
}

void InMemoryBroker::subscribe(const std::vector<std::string>& topics,
                               const std::optional<std::string>& from_position) {
  std::lock_guard lock(mutex_);
  std::fill(subscribed_topic_.begin(), subscribed_topic_.end(), false);
  for (const std::string& topic : topics) subscribed_topic_[topic_index(topic)] = true;
  next_event_ = 0;
  if (from_position && !from_position->empty()) {
    const char* end = from_position->data() + from_position->size();
    const auto [parsed_end, error] = std::from_chars(from_position->data(), end, next_event_);
    if (error != std::errc() || parsed_end != end) {
      throw std::runtime_error("in-memory broker: position \"" + *from_position +
                               "\" is not an event number");
    }
  }
}

std::size_t InMemoryBroker::poll(EventBatch& batch, std::size_t max_events, std::chrono::milliseconds) {
  // Everything a case publishes is in the log before the pipeline polls: there is nothing to wait for.
  std::lock_guard lock(mutex_);
  std::size_t taken = 0;
  while (next_event_ < log_.size() && taken < max_events) {
    if (subscribed_topic_[topic_of_event_[next_event_]]) {
      batch.add(log_[next_event_]);
      ++taken;
    }
    ++next_event_;
  }
  if (taken > 0) batch.set_last_position(std::to_string(next_event_));
  return taken;
}

void InMemoryBroker::commit(const std::string& position) {
  std::lock_guard lock(mutex_);
  committed_ = position;
}

std::string InMemoryBroker::committed() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

}  // namespace event_engine
