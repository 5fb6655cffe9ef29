#include "stream_event_count.hpp"

#include <nats/nats.h>
#include <stdexcept>

#include "event_frames.hpp"

namespace nats_plugin_test {
namespace {

void check(natsStatus status, const char* what) {
  if (status != NATS_OK)
    throw std::runtime_error(std::string("read_stream: ") + what + ": " + natsStatus_GetText(status));
}

}  // namespace

StreamContents read_stream(const std::string& servers, const std::string& stream) {
  natsConnection* connection = nullptr;
  check(natsConnection_ConnectTo(&connection, servers.c_str()), "connect");
  jsCtx* js = nullptr;
  check(natsConnection_JetStream(&js, connection, nullptr), "JetStream");
  jsStreamInfo* info = nullptr;
  check(js_GetStreamInfo(&info, js, stream.c_str(), nullptr, nullptr), "stream info");
  const std::uint64_t last = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = stream.c_str();
  options.Config.AckPolicy = js_AckNone;
  options.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription* subscription = nullptr;
  check(js_PullSubscribe(&subscription, js, ">", nullptr, nullptr, &options, nullptr), "subscribe");
  StreamContents contents;
  std::uint64_t seen_up_to = 0;
  int empty_fetches = 0;
  while (seen_up_to < last && empty_fetches < 50) {
    natsMsgList list{};
    const natsStatus status = natsSubscription_Fetch(&list, subscription, 256, 200, nullptr);
    if (status == NATS_TIMEOUT) {
      ++empty_fetches;
      continue;
    }
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
  natsSubscription_Destroy(subscription);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  if (seen_up_to < last) throw std::runtime_error("read_stream: the stream was not read to its end");
  return contents;
}

std::uint64_t acknowledged_through(const std::string& servers, const std::string& stream,
                                   const std::string& consumer) {
  natsConnection* connection = nullptr;
  check(natsConnection_ConnectTo(&connection, servers.c_str()), "connect");
  jsCtx* js = nullptr;
  check(natsConnection_JetStream(&js, connection, nullptr), "JetStream");
  jsConsumerInfo* info = nullptr;
  check(js_GetConsumerInfo(&info, js, stream.c_str(), consumer.c_str(), nullptr, nullptr), "consumer info");
  const std::uint64_t floor = info->AckFloor.Stream;
  jsConsumerInfo_Destroy(info);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  return floor;
}

}  // namespace nats_plugin_test
