// How fast the binomial_grid model takes events: apply() over a batch of one-byte events against a
// plain loop that only counts the same bytes, and the O(G) posterior update a batch costs.
// Target: apply >= 200M events/s on one core.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <random>

#include "adapter/binomial_grid_model.hpp"
#include "math/grid_posterior.hpp"

namespace {

constexpr std::size_t batch_events = 1'000'000;

// About 70% successes in a random order, so that branches cannot learn a pattern.
const event_engine::EventBatch& one_byte_batch() {
  static const event_engine::EventBatch batch = [] {
    std::mt19937_64 random(1);
    event_engine::EventBatch events;
    events.reserve(batch_events, batch_events);
    for (std::size_t i = 0; i < batch_events; ++i) events.add(random() % 10 < 7 ? "w" : "l");
    return events;
  }();
  return batch;
}

void apply_one_byte_events(benchmark::State& state) {
  const nlohmann::json config = nlohmann::json::object();
  const auto model = binomial_grid::create_binomial_grid_model(event_engine::ConfigReader(config, "/bench"),
                                                               event_engine::PluginContext{});
  const event_engine::EventBatch& batch = one_byte_batch();
  event_engine::RejectedEvents rejected;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->apply(batch, rejected));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch.size()));
}
BENCHMARK(apply_one_byte_events)->Unit(benchmark::kMicrosecond);

// The floor: walk the same batch the same way and count the two bytes, with no model behind it.
void plain_loop_counting_bytes(benchmark::State& state) {
  const event_engine::EventBatch& batch = one_byte_batch();
  for (auto _ : state) {
    const char* bytes = batch.bytes().data();
    std::uint64_t successes = 0;
    std::uint64_t failures = 0;
    std::uint32_t begin = 0;
    for (const std::uint32_t end : batch.ends()) {
      successes += end - begin == 1 && bytes[begin] == 'w';
      failures += end - begin == 1 && bytes[begin] == 'l';
      begin = end;
    }
    benchmark::DoNotOptimize(successes);
    benchmark::DoNotOptimize(failures);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch.size()));
}
BENCHMARK(plain_loop_counting_bytes)->Unit(benchmark::kMicrosecond);

// The per-batch cost: one update of the log posterior at every grid point.
void posterior_update(benchmark::State& state) {
  binomial_grid::GridPosterior posterior(static_cast<std::size_t>(state.range(0)),
                                         binomial_grid::StepPrior{0.1, {}});
  for (auto _ : state) {
    posterior.add_trials(7, 3);
    benchmark::DoNotOptimize(posterior.log_posterior().data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(posterior_update)->Arg(120)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
