// The engine's Metrics: owns every counter, gauge and histogram and writes them as Prometheus text.
#pragma once

#include <deque>
#include <mutex>
#include <string>

#include "event_engine/metrics.hpp"

namespace event_engine {

class MetricsRegistry final : public Metrics {
 public:
  Counter& counter(std::string_view name, std::string_view help) override;
  Gauge& gauge(std::string_view name, std::string_view help) override;
  Histogram& histogram(std::string_view name, std::string_view help,
                       std::vector<double> upper_bounds) override;

  // Prometheus text exposition format, version 0.0.4.
  std::string prometheus_text() const;

 private:
  template <typename Metric>
  struct Named {
    template <typename... MetricArguments>
    Named(std::string_view metric_name, std::string_view metric_help, MetricArguments&&... arguments)
        : name(metric_name), help(metric_help), metric(std::forward<MetricArguments>(arguments)...) {}
    std::string name;
    std::string help;
    Metric metric;
  };

  // Registration is rare and locked; updates go straight to the atomics. Deques keep references stable.
  mutable std::mutex mutex_;
  std::deque<Named<Counter>> counters_;
  std::deque<Named<Gauge>> gauges_;
  std::deque<Named<Histogram>> histograms_;
};

}  // namespace event_engine
