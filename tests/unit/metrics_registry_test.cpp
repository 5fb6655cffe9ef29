#include "observability/metrics_registry.hpp"

#include <gtest/gtest.h>

namespace event_engine {
namespace {

TEST(MetricsRegistry, ReturnsTheSameMetricForTheSameName) {
  MetricsRegistry registry;
  Counter& first = registry.counter("event_engine_things_total", "Things");
  first.add(2);
  EXPECT_EQ(&registry.counter("event_engine_things_total", "Things"), &first);
  EXPECT_EQ(first.value(), 2u);
}

TEST(MetricsRegistry, WritesPrometheusText) {
  MetricsRegistry registry;
  registry.counter("event_engine_things_total", "Things seen").add(3);
  registry.gauge("event_engine_level", "A level").set(1.5);
  Histogram& sizes = registry.histogram("event_engine_sizes", "Sizes", {1, 10});
  sizes.observe(0.5);
  sizes.observe(5);
  sizes.observe(50);
  const std::string text = registry.prometheus_text();
  EXPECT_NE(
      text.find("# HELP event_engine_things_total Things seen\n# TYPE event_engine_things_total counter\n"
                "event_engine_things_total 3\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("event_engine_level 1.5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("event_engine_sizes_bucket{le=\"1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("event_engine_sizes_bucket{le=\"10\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("event_engine_sizes_bucket{le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("event_engine_sizes_sum 55.5\nevent_engine_sizes_count 3\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace event_engine
