#include "stream_catalog.hpp"

#include <algorithm>

namespace nats_broker {
namespace {

constexpr std::int64_t nanoseconds_per_millisecond = 1000000;

std::string stream_name_for(std::string_view topic) {
  std::string name(topic);
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

struct StreamInfoDeleter {
  void operator()(jsStreamInfo* info) const { jsStreamInfo_Destroy(info); }
};

}  // namespace

const StreamTarget& StreamCatalog::ensure(std::string_view topic) {
  std::lock_guard lock(mutex_);
  for (const StreamTarget& target : known_) {
    if (target.topic == topic) return target;
  }
  StreamTarget target{std::string(topic),
                      config_.jetstream.stream.empty() ? stream_name_for(topic) : config_.jetstream.stream,
                      {}};
  if (config_.jetstream.partitions == 1) {
    target.subjects.push_back(target.topic);
  } else {
    for (int partition = 0; partition < config_.jetstream.partitions; ++partition) {
      target.subjects.push_back(target.topic + "." + std::to_string(partition));
    }
  }
  create_or_check(target);
  return known_.emplace_back(std::move(target));
}

void StreamCatalog::create_or_check(const StreamTarget& target) {
  const JetStreamSettings& wanted = config_.jetstream;
  const std::string subject_filter = wanted.partitions == 1 ? target.topic : target.topic + ".*";
  jsCtx* js = connection_.jetstream();
  jsStreamInfo* raw = nullptr;
  jsErrCode error = static_cast<jsErrCode>(0);
  natsStatus status = js_GetStreamInfo(&raw, js, target.stream.c_str(), nullptr, &error);
  if (status == NATS_NOT_FOUND) {
    jsStreamConfig stream;
    jsStreamConfig_Init(&stream);
    const char* subjects[] = {subject_filter.c_str()};
    stream.Name = target.stream.c_str();
    stream.Subjects = subjects;
    stream.SubjectsLen = 1;
    stream.Storage = js_FileStorage;
    stream.Replicas = wanted.replicas;
    stream.MaxAge = wanted.max_age_ms * nanoseconds_per_millisecond;
    stream.MaxBytes = wanted.max_bytes == 0 ? -1 : wanted.max_bytes;
    stream.Duplicates = wanted.duplicate_window_ms * nanoseconds_per_millisecond;
    status = js_AddStream(&raw, js, &stream, nullptr, &error);
    // Another engine created it in the meantime: check that one instead.
    if (status != NATS_OK && error == JSStreamNameExistErr) {
      status = js_GetStreamInfo(&raw, js, target.stream.c_str(), nullptr, &error);
    } else if (status == NATS_OK) {
      jsStreamInfo_Destroy(raw);
      connection_.logger().info("nats: created stream {} (subjects {}, replicas {})", target.stream,
                                subject_filter, wanted.replicas);
      return;
    }
  }
  if (status != NATS_OK) throw NatsError("stream " + target.stream, status, error);
  const std::unique_ptr<jsStreamInfo, StreamInfoDeleter> info(raw);
  const jsStreamConfig& found = *info->Config;
  std::string differences;
  const auto differ = [&](const std::string& what, const std::string& has, const std::string& configured) {
    if (has != configured) differences += " " + what + " " + has + " (configured " + configured + ")";
  };
  differ("subjects",
         found.SubjectsLen == 1 ? found.Subjects[0] : std::to_string(found.SubjectsLen) + " subjects",
         subject_filter);
  differ("replicas", std::to_string(found.Replicas), std::to_string(wanted.replicas));
  differ("max_age_ms", std::to_string(found.MaxAge / nanoseconds_per_millisecond),
         std::to_string(wanted.max_age_ms));
  differ("max_bytes", std::to_string(found.MaxBytes <= 0 ? 0 : found.MaxBytes),
         std::to_string(wanted.max_bytes));
  differ("duplicate_window_ms", std::to_string(found.Duplicates / nanoseconds_per_millisecond),
         std::to_string(wanted.duplicate_window_ms));
  if (!differences.empty()) {
    connection_.logger().warn("nats: stream {} exists with another config, left unchanged:{}", target.stream,
                              differences);
  }
}

}  // namespace nats_broker
