// The C client's own JetStream rates, for the nats rows: `publish` sends trials framed as the
// engine frames them (events_per_message per message), async with at most max_in_flight awaiting
// acknowledgement, and waits for every acknowledgement after each body-sized batch, as the engine
// does before it answers 202, from --threads threads (each its own JetStream context, as each of
// the engine's HTTP workers has), so that it matches wrk's connections, and fails if the stream
// refused any message, as the engine answers 503 then; `drain` reads a stream through an
// ephemeral pull consumer and counts its events. Each prints {"events_per_s": ...}, measured over the whole
// transfer.
#include <nats/nats.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "event_engine/event_batch.hpp"
#include "event_frames.hpp"
#include "middle_window_rate.hpp"

namespace {

void check(natsStatus status, const char* what) {
  if (status != NATS_OK) {
    std::fprintf(stderr, "%s: %s\n", what, natsStatus_GetText(status));
    std::exit(1);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Publishes the stream refused (no stream for the subject, a full stream): counted, as the engine
// counts them, so that a baseline whose acknowledgements were refusals fails instead of reporting
// a rate for messages that were never stored.
std::atomic<std::uint64_t> refused_publishes{0};

void on_publish_error(jsCtx*, jsPubAckErr*, void*) {
  refused_publishes.fetch_add(1, std::memory_order_relaxed);
}

void publish_share(jsCtx* js, const std::string& subject, const std::string& expect_stream,
                   std::uint64_t events, std::size_t per_message, std::size_t per_batch) {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  if (!expect_stream.empty()) options.ExpectStream = expect_stream.c_str();
  event_engine::EventBatch body;
  for (std::size_t i = 0; i < per_batch; ++i) body.add(i % 5 < 3 ? "w" : "l");
  std::string message;
  for (std::uint64_t sent = 0; sent < events; sent += per_batch) {
    for (std::size_t first = 0; first < per_batch; first += per_message) {
      nats_broker::encode_frames(body, first, std::min(per_batch, first + per_message), message);
      check(js_PublishAsync(js, subject.c_str(), message.data(), static_cast<int>(message.size()), &options),
            "publish");
    }
    jsPubOptions complete;
    jsPubOptions_Init(&complete);
    complete.MaxWait = 10000;
    check(js_PublishAsyncComplete(js, &complete), "acknowledgements");
  }
}

int publish(natsConnection* connection, int max_in_flight, int threads, const std::string& subject,
            const std::string& expect_stream, std::uint64_t events, std::size_t per_message,
            std::size_t per_batch) {
  std::vector<jsCtx*> contexts(static_cast<std::size_t>(threads));
  for (jsCtx*& js : contexts) {
    jsOptions options;
    jsOptions_Init(&options);
    options.PublishAsync.MaxPending = max_in_flight;
    options.PublishAsync.ErrHandler = on_publish_error;
    check(natsConnection_JetStream(&js, connection, &options), "JetStream");
  }
  const std::uint64_t share = events / static_cast<std::uint64_t>(threads);
  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::jthread> publishers;
    for (jsCtx* js : contexts) {
      publishers.emplace_back([=, &subject, &expect_stream] {
        publish_share(js, subject, expect_stream, share, per_message, per_batch);
      });
    }
  }
  const double seconds = seconds_since(start);
  for (jsCtx* js : contexts) jsCtx_Destroy(js);
  if (const std::uint64_t refused = refused_publishes.load(); refused != 0) {
    std::fprintf(stderr, "publish: the stream refused %llu messages\n",
                 static_cast<unsigned long long>(refused));
    return 1;
  }
  std::printf("{\"events_per_s\": %.0f}\n", static_cast<double>(share * contexts.size()) / seconds);
  return 0;
}

int drain(jsCtx* js, const std::string& stream, std::uint64_t events, int fetch_batch) {
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = stream.c_str();
  options.Config.AckPolicy = js_AckNone;
  natsSubscription* subscription = nullptr;
  check(js_PullSubscribe(&subscription, js, ">", nullptr, nullptr, &options, nullptr), "subscribe");
  std::uint64_t counted = 0;
  // Over the middle 80% of the events, as the harness times the engine's subscriber.
  bench::MiddleWindowRate rate(events);
  while (counted < events) {
    natsMsgList list{};
    const natsStatus status = natsSubscription_Fetch(&list, subscription, fetch_batch, 5000, nullptr);
    if (status == NATS_TIMEOUT) break;
    check(status, "fetch");
    for (int i = 0; i < list.Count; ++i) {
      nats_broker::FrameReader reader(std::string_view(
          natsMsg_GetData(list.Msgs[i]), static_cast<std::size_t>(natsMsg_GetDataLength(list.Msgs[i]))));
      std::string_view event;
      while (reader.next(event)) ++counted;
      rate.passed(counted);
    }
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(subscription);
  if (counted < events) {
    std::fprintf(stderr, "drain: %llu of %llu events\n", static_cast<unsigned long long>(counted),
                 static_cast<unsigned long long>(events));
    return 1;
  }
  std::printf("{\"events_per_s\": %.0f}\n", rate.per_second());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"NATS JetStream baselines with the C client"};
  app.require_subcommand(1);
  std::string servers = "nats://127.0.0.1:4222";
  std::uint64_t events = 1'000'000;
  app.add_option("--servers", servers, "NATS URLs, comma-separated");
  app.add_option("--events", events, "events to publish or to drain");
  CLI::App* publish_command = app.add_subcommand("publish", "publish framed trials, acknowledged per batch");
  std::string subject = "update_model";
  std::size_t per_message = 1000;
  std::size_t per_batch = 10000;
  int max_in_flight = 256;
  int threads = 4;
  publish_command->add_option("--subject", subject, "subject of an existing stream");
  std::string expect_stream;
  publish_command->add_option(
      "--expect-stream", expect_stream,
      "stream each message must land in (the Nats-Expected-Stream header the engine sends)");
  publish_command->add_option("--events-per-message", per_message, "events framed into one message");
  publish_command->add_option("--events-per-batch", per_batch,
                              "events acknowledged together (one HTTP body)");
  publish_command->add_option("--max-in-flight", max_in_flight, "most publishes awaiting acknowledgement");
  publish_command->add_option("--threads", threads, "publishing threads, each with its own context")
      ->check(CLI::Range(1, 64));
  CLI::App* drain_command = app.add_subcommand("drain", "read a stream from its start and count its events");
  std::string stream = "update_model";
  int fetch_batch = 64;
  drain_command->add_option("--stream", stream, "stream name");
  drain_command->add_option("--fetch-batch", fetch_batch, "messages per pull");
  CLI11_PARSE(app, argc, argv);

  natsConnection* connection = nullptr;
  check(natsConnection_ConnectTo(&connection, servers.c_str()), "connect");
  int code = 0;
  if (publish_command->parsed()) {
    code =
        publish(connection, max_in_flight, threads, subject, expect_stream, events, per_message, per_batch);
  } else {
    jsCtx* js = nullptr;
    check(natsConnection_JetStream(&js, connection, nullptr), "JetStream");
    code = drain(js, stream, events, fetch_batch);
    jsCtx_Destroy(js);
  }
  natsConnection_Destroy(connection);
  return code;
}
