// How fast a keyed pipeline takes events: process.keys' decoder plus binomial_grid's keyed apply,
// over 100,000 keys drawn from a Zipf distribution, against a loop that only parses the same JSON
// events with the same parser (simdjson's DOM parser, each event copied with its padding, as the
// decoder does). Text KEY:VALUE events are measured too. Targets (the keys issue): JSON keyed
// apply >= 0.5x the parse-only loop in the same run; text >= 20M events/s.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "adapter/binomial_grid_model.hpp"
#include "keys/event_key_decoder.hpp"

namespace {

constexpr std::size_t batch_events = 65536;
constexpr std::uint32_t key_count = 100000;

// Key ranks drawn from Zipf(s = 1) over `key_count` keys, by inverting its cumulative weights.
std::vector<std::uint32_t> zipf_ranks(std::size_t count) {
  std::vector<double> cumulative(key_count);
  double total = 0;
  for (std::uint32_t rank = 0; rank < key_count; ++rank) cumulative[rank] = total += 1.0 / (rank + 1);
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> uniform(0, total);
  std::vector<std::uint32_t> ranks(count);
  for (auto& rank : ranks) {
    rank = static_cast<std::uint32_t>(
        std::lower_bound(cumulative.begin(), cumulative.end(), uniform(random)) - cumulative.begin());
  }
  return ranks;
}

const event_engine::EventBatch& json_events() {
  static const event_engine::EventBatch batch = [] {
    event_engine::EventBatch events;
    std::mt19937_64 random(2);
    for (const std::uint32_t rank : zipf_ranks(batch_events)) {
      events.add(R"({"experiment":"exp-)" + std::to_string(rank / 4) + R"(","variant":")" +
                 static_cast<char>('A' + rank % 4) + R"(","converted":)" +
                 (random() % 10 < 3 ? "true" : "false") + "}");
    }
    return events;
  }();
  return batch;
}

const event_engine::EventBatch& text_events() {
  static const event_engine::EventBatch batch = [] {
    event_engine::EventBatch events;
    std::mt19937_64 random(3);
    for (const std::uint32_t rank : zipf_ranks(batch_events)) {
      events.add("key-" + std::to_string(rank) + (random() % 10 < 3 ? ":w" : ":l"));
    }
    return events;
  }();
  return batch;
}

std::unique_ptr<event_engine::Model> keyed_model(const char* success, const char* failure) {
  const nlohmann::json config = {{"success", {success}}, {"failure", {failure}}};
  auto model = binomial_grid::create_binomial_grid_model(event_engine::ConfigReader(config, "/bench"),
                                                         event_engine::PluginContext{});
  model->use_keys();
  return model;
}

// Decodes and applies a batch per iteration, as the pipeline does (after the first iteration every
// key is known: the steady state).
void decode_and_apply(benchmark::State& state, const event_engine::KeysConfig& keys,
                      const event_engine::EventBatch& batch, std::unique_ptr<event_engine::Model> model) {
  event_engine::KeyDirectory directory(keys.max_keys);
  event_engine::EventKeyDecoder decoder(keys);
  event_engine::KeyedBatch keyed;
  event_engine::RejectedEvents refused;
  event_engine::RejectedEvents rejected;
  for (auto _ : state) {
    keyed.clear();
    refused.clear();
    rejected.clear();
    decoder.decode(batch, directory, keyed, refused);
    benchmark::DoNotOptimize(model->apply_keyed(keyed.values, keyed.slots, directory.size(), rejected));
  }
  if (!refused.items().empty() || !rejected.items().empty()) state.SkipWithError("events were refused");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch.size()));
}

void keyed_json_decode_and_apply(benchmark::State& state) {
  event_engine::KeysConfig keys;
  keys.format = event_engine::KeyFormat::json;
  keys.key_pointers = {"/experiment", "/variant"};
  keys.value_pointer = "/converted";
  keys.separator = "/";
  decode_and_apply(state, keys, json_events(), keyed_model("true", "false"));
}
BENCHMARK(keyed_json_decode_and_apply)->Unit(benchmark::kMillisecond);

// The floor for JSON: parse each event with the decoder's parser, from a padded copy, and nothing else.
void json_parse_only(benchmark::State& state) {
  const event_engine::EventBatch& batch = json_events();
  simdjson::dom::parser parser;
  std::string padded;
  for (auto _ : state) {
    std::size_t elements = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const std::string_view event = batch[i];
      if (padded.size() < event.size() + simdjson::SIMDJSON_PADDING)
        padded.resize(event.size() + simdjson::SIMDJSON_PADDING);
      std::memcpy(padded.data(), event.data(), event.size());
      simdjson::dom::element document;
      elements += parser.parse(padded.data(), event.size(), false).get(document) == simdjson::SUCCESS;
    }
    benchmark::DoNotOptimize(elements);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch.size()));
}
BENCHMARK(json_parse_only)->Unit(benchmark::kMillisecond);

void keyed_text_decode_and_apply(benchmark::State& state) {
  decode_and_apply(state, event_engine::KeysConfig{}, text_events(), keyed_model("w", "l"));
}
BENCHMARK(keyed_text_decode_and_apply)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
