// How the zmq broker's poll scales with the size of one message: 32M one-byte events sent as one
// message against the same events as 32 messages of 1M, each polled in batches of the pipeline's
// default max_batch through the real zmq_broker.so, loaded by the engine's plugin loader. Linear
// cost makes the two rates equal; the target is one message >= 0.8x the 32 messages.
#include <benchmark/benchmark.h>

#include <spdlog/logger.h>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "event_engine/config_reader.hpp"
#include "event_engine/plugin_context.hpp"
#include "plugins/plugin_loader.hpp"

namespace {

constexpr std::size_t total_events = 32u << 20;
constexpr std::size_t max_batch = 65'536;  // the pipeline's default

// One-byte events, about 70% successes, the same for both cases.
event_engine::EventBatch one_byte_events(std::size_t count) {
  event_engine::EventBatch events;
  events.reserve(count, count);
  for (std::size_t i = 0; i < count; ++i) events.add(i % 10 < 7 ? "w" : "l");
  return events;
}

struct ZmqBrokerUnderTest {
  std::shared_ptr<event_engine::Broker> broker;
  std::unique_ptr<event_engine::Publisher> publisher;
};

ZmqBrokerUnderTest load_zmq_broker(const std::string& endpoint) {
  static const event_engine::PluginLoader loader({EVENT_ENGINE_BENCH_PLUGIN_DIR});
  // No high-water mark: the messages of an iteration are all queued before it polls them.
  const nlohmann::json config = {{"endpoints", {endpoint}}, {"high_water_mark", 0}};
  const event_engine::PluginContext context{std::make_shared<spdlog::logger>("bench"), nullptr, ".",
                                            std::string()};
  ZmqBrokerUnderTest loaded;
  loaded.broker = loader.create_broker("zmq", event_engine::ConfigReader(config, "/broker/config"), context);
  loaded.broker->subscribe({"update_model"}, std::nullopt);
  loaded.publisher = loaded.broker->open_publisher();
  return loaded;
}

// Each iteration publishes `messages` messages of total_events / messages events (not timed),
// then polls them all in batches of max_batch (timed).
void poll_messages(benchmark::State& state) {
  const auto messages = static_cast<std::size_t>(state.range(0));
  const event_engine::EventBatch message = one_byte_events(total_events / messages);
  const ZmqBrokerUnderTest loaded = load_zmq_broker("inproc://bench-" + std::to_string(messages));
  event_engine::EventBatch batch;
  batch.reserve(max_batch, max_batch);
  for (auto _ : state) {
    state.PauseTiming();
    for (std::size_t i = 0; i < messages; ++i) loaded.publisher->publish_batch("update_model", message);
    state.ResumeTiming();
    std::size_t polled = 0;
    while (polled < total_events) {
      batch.clear();
      const std::size_t taken = loaded.broker->poll(batch, max_batch, std::chrono::milliseconds(1000));
      if (taken == 0) {
        state.SkipWithError("a poll found nothing before every event was taken");
        return;
      }
      polled += taken;
    }
    benchmark::DoNotOptimize(batch.bytes().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * total_events));
}
BENCHMARK(poll_messages)->ArgName("messages")->Arg(1)->Arg(32)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
