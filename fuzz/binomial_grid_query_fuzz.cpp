// Target 6c: binomial_grid queries from a URL's query string ("predict?trials=10&draws=100&seed=1",
// split as the engine splits it). An answer is a QueryError with a 4xx status, `draws` samples of p
// in [0, 1] (samples?draws=K), or a histogram of `draws` draws over 0..trials successes whose mean
// lies in [0, trials].
#include <charconv>
#include <memory>
#include <string>

#include "adapter/binomial_grid_config.hpp"
#include "adapter/binomial_grid_model.hpp"
#include "event_engine/event_batch.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace binomial_grid;

// A million draws is within the query's bounds but takes a second under the sanitizers: past this
// many the parameters have been read, which is what the target tests.
constexpr std::uint64_t max_draws_answered = 100'000;

const BinomialGridModel& model_with_data() {
  // Held by pointer: the model's copy constructor is private (it exists for clone()).
  static const std::unique_ptr<const BinomialGridModel> model = [] {
    auto made =
        std::make_unique<BinomialGridModel>(read_binomial_grid_config(event_engine::ConfigReader(
                                                nlohmann::json::parse(R"({"grid_points": 50})"), "/config")),
                                            nullptr);
    event_engine::EventBatch batch;
    for (const char* trial : {"w", "l", "w", "w"}) batch.add(trial);
    event_engine::RejectedEvents rejected;
    made->apply(batch, rejected);
    return made;
  }();
  return *model;
}

event_engine::QueryParameters parameters_of(std::string_view query) {
  event_engine::QueryParameters parameters;
  while (!query.empty()) {
    const std::size_t end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    const std::size_t equals = std::min(pair.find('='), pair.size());
    parameters.emplace(std::string(pair.substr(0, equals)),
                       std::string(pair.substr(std::min(equals + 1, pair.size()))));
    query.remove_prefix(std::min(end + 1, query.size()));
  }
  return parameters;
}

bool asks_too_many_draws(const event_engine::QueryParameters& parameters) {
  const auto draws = parameters.find("draws");
  if (draws == parameters.end()) return false;
  std::uint64_t value = 0;
  const auto [end, error] =
      std::from_chars(draws->second.data(), draws->second.data() + draws->second.size(), value);
  return error == std::errc() && value > max_draws_answered;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t question = std::min(text.find('?'), text.size());
  const std::string_view name = text.substr(0, question);
  const event_engine::QueryParameters parameters =
      parameters_of(text.substr(std::min(question + 1, text.size())));
  if (asks_too_many_draws(parameters)) return 0;
  nlohmann::json answer;
  try {
    answer = model_with_data().query(name, parameters);
  } catch (const event_engine::QueryError& error) {
    FUZZ_CHECK(error.status() >= 400 && error.status() < 500);
    return 0;
  }
  if (name == "samples") {
    const auto& samples = answer.at("samples");
    FUZZ_CHECK(samples.size() == answer.at("draws").get<std::uint64_t>());
    for (const auto& p : samples) FUZZ_CHECK(p.get<double>() >= 0.0 && p.get<double>() <= 1.0);
    return 0;
  }
  FUZZ_CHECK(name == "predict");
  const std::uint64_t trials = answer.at("trials").get<std::uint64_t>();
  const std::uint64_t draws = answer.at("draws").get<std::uint64_t>();
  const auto& histogram = answer.at("histogram");
  FUZZ_CHECK(histogram.size() == trials + 1);
  std::uint64_t drawn = 0;
  for (const auto& count : histogram) drawn += count.get<std::uint64_t>();
  FUZZ_CHECK(drawn == draws);
  const double mean = answer.at("mean").get<double>();
  FUZZ_CHECK(mean >= 0.0 && mean <= static_cast<double>(trials));
  return 0;
}
