#include "stream_event_count.hpp"

#include <nats/nats.h>
#include <memory>
#include <stdexcept>

#include "event_frames.hpp"

namespace nats_plugin_test {
namespace {

void check(natsStatus status, const char* what) {
  if (status != NATS_OK)
    throw std::runtime_error(std::string("read_stream: ") + what + ": " + natsStatus_GetText(status));
}

// The client's handles, released on every path out (a check that throws mid-read included: a test
// that reads while a node is down catches the error and reads again).
struct ConnectionDeleter {
  void operator()(natsConnection* connection) const { natsConnection_Destroy(connection); }
};
struct ContextDeleter {
  void operator()(jsCtx* js) const { jsCtx_Destroy(js); }
};
struct SubscriptionDeleter {
  void operator()(natsSubscription* subscription) const { natsSubscription_Destroy(subscription); }
};
using Connection = std::unique_ptr<natsConnection, ConnectionDeleter>;
using Context = std::unique_ptr<jsCtx, ContextDeleter>;
using Subscription = std::unique_ptr<natsSubscription, SubscriptionDeleter>;

Connection connect(const std::string& servers) {
  natsConnection* connection = nullptr;
  check(natsConnection_ConnectTo(&connection, servers.c_str()), "connect");
  return Connection(connection);
}

Context jetstream(natsConnection* connection) {
  jsCtx* js = nullptr;
  check(natsConnection_JetStream(&js, connection, nullptr), "JetStream");
  return Context(js);
}

}  // namespace

StreamContents read_stream(const std::string& servers, const std::string& stream) {
  const Connection connection = connect(servers);
  const Context context = jetstream(connection.get());
  jsCtx* js = context.get();
  jsStreamInfo* info = nullptr;
  check(js_GetStreamInfo(&info, js, stream.c_str(), nullptr, nullptr), "stream info");
  const std::uint64_t last = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = stream.c_str();
  options.Config.AckPolicy = js_AckNone;
  options.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription* raw_subscription = nullptr;
  check(js_PullSubscribe(&raw_subscription, js, ">", nullptr, nullptr, &options, nullptr), "subscribe");
  const Subscription subscription(raw_subscription);
  StreamContents contents;
  std::uint64_t seen_up_to = 0;
  int empty_fetches = 0;
  while (seen_up_to < last && empty_fetches < 50) {
    natsMsgList list{};
    const natsStatus status = natsSubscription_Fetch(&list, subscription.get(), 256, 200, nullptr);
    if (status == NATS_TIMEOUT) {
      ++empty_fetches;
      continue;
    }
    if (status != NATS_OK) natsMsgList_Destroy(&list);
    check(status, "fetch");
    for (int i = 0; i < list.Count; ++i) {
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, list.Msgs[i]) == NATS_OK) {
        seen_up_to = meta->Sequence.Stream;
        jsMsgMetaData_Destroy(meta);
      }
      ++contents.messages;
      nats_broker::FrameReader reader(std::string_view(
          natsMsg_GetData(list.Msgs[i]), static_cast<std::size_t>(natsMsg_GetDataLength(list.Msgs[i]))));
      std::string_view event;
      while (reader.next(event)) {
        ++contents.events;
        if (event == "w") ++contents.successes;
      }
    }
    natsMsgList_Destroy(&list);
  }
  if (seen_up_to < last) throw std::runtime_error("read_stream: the stream was not read to its end");
  return contents;
}

std::uint64_t acknowledged_through(const std::string& servers, const std::string& stream,
                                   const std::string& consumer) {
  const Connection connection = connect(servers);
  const Context context = jetstream(connection.get());
  jsConsumerInfo* info = nullptr;
  check(js_GetConsumerInfo(&info, context.get(), stream.c_str(), consumer.c_str(), nullptr, nullptr),
        "consumer info");
  const std::uint64_t floor = info->AckFloor.Stream;
  jsConsumerInfo_Destroy(info);
  return floor;
}

}  // namespace nats_plugin_test
