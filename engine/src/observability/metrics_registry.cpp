#include "observability/metrics_registry.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace event_engine {
namespace {

template <typename Entries>
auto* find_named(Entries& entries, std::string_view name) {
  auto found =
      std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.name == name; });
  return found == entries.end() ? nullptr : &*found;
}

}  // namespace

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help) {
  std::lock_guard lock(mutex_);
  if (auto* known = find_named(counters_, name)) return known->metric;
  return counters_.emplace_back(name, help).metric;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help) {
  std::lock_guard lock(mutex_);
  if (auto* known = find_named(gauges_, name)) return known->metric;
  return gauges_.emplace_back(name, help).metric;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  if (auto* known = find_named(histograms_, name)) return known->metric;
  return histograms_.emplace_back(name, help, std::move(upper_bounds)).metric;
}

std::string MetricsRegistry::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& entry : counters_) {
    text += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", entry.name, entry.help,
                        entry.metric.value());
  }
  for (const auto& entry : gauges_) {
    text += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", entry.name, entry.help,
                        entry.metric.value());
  }
  for (const auto& entry : histograms_) {
    const Histogram& histogram = entry.metric;
    text += fmt::format("# HELP {0} {1}\n# TYPE {0} histogram\n", entry.name, entry.help);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < histogram.upper_bounds().size(); ++i) {
      cumulative += histogram.bucket_count(i);
      text += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", entry.name, histogram.upper_bounds()[i], cumulative);
    }
    cumulative += histogram.bucket_count(histogram.upper_bounds().size());
    text += fmt::format("{0}_bucket{{le=\"+Inf\"}} {1}\n{0}_sum {2}\n{0}_count {1}\n", entry.name, cumulative,
                        histogram.sum());
  }
  return text;
}

}  // namespace event_engine
