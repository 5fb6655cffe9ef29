// The built binomial_grid library, loaded by the engine's real plugin loader.
#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "event_engine/config_error.hpp"
#include "event_engine/model.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"

namespace {

using nlohmann::json;

constexpr const char* config_path = "/process/model/config";

class BinomialGridPlugin : public testing::Test {
 protected:
  std::shared_ptr<event_engine::Model> create(const json& config) const {
    return loader_.create_model("binomial_grid", event_engine::ConfigReader(config, config_path), context_);
  }

  event_engine::PluginLoader loader_{{test_paths::plugin_dir}};
  event_engine::MetricsRegistry metrics_;
  event_engine::PluginContext context_{
      std::make_shared<spdlog::logger>("binomial_grid_plugin_test",
                                       std::make_shared<spdlog::sinks::null_sink_mt>()),
      &metrics_, test_paths::plugin_dir, ""};
};

TEST_F(BinomialGridPlugin, ManifestDescribesTheModelAndEveryKey) {
  const event_engine::PluginDescriptor& plugin = loader_.find("model", "binomial_grid");
  EXPECT_EQ(plugin.version, "1.0.0");
  EXPECT_FALSE(plugin.summary.empty());
  std::vector<std::string> keys;
  for (const event_engine::ConfigKeyDescriptor& key : plugin.config_keys) {
    keys.push_back(key.name);
    EXPECT_FALSE(key.description.empty()) << key.name;
    EXPECT_TRUE(json::accept(key.default_json)) << key.name;
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"grid_points", "prior", "success", "failure", "interval_mass",
                                            "forgetting"}));
}

TEST_F(BinomialGridPlugin, ManifestDefaultsAreTheDefaultsTheModelApplies) {
  json every_default = json::object();
  for (const event_engine::ConfigKeyDescriptor& key : loader_.find("model", "binomial_grid").config_keys) {
    every_default[key.name] = json::parse(key.default_json);
  }
  auto with_defaults_written = create(every_default);
  auto with_nothing_written = create(json::object());
  event_engine::RejectedEvents rejected;
  event_engine::EventBatch batch;
  for (std::string_view trial : {"w", "l", "w", "x"}) batch.add(trial);
  with_defaults_written->apply(batch, rejected);
  with_nothing_written->apply(batch, rejected);
  EXPECT_EQ(with_defaults_written->summary(false).dump(), with_nothing_written->summary(false).dump());
  EXPECT_EQ(with_defaults_written->snapshot().dump(), with_nothing_written->snapshot().dump());
}

TEST_F(BinomialGridPlugin, AppliesABatchAndSummarises) {
  auto model = create(json::parse(R"({"grid_points": 120, "prior": {"type": "uniform"}})"));
  event_engine::EventBatch batch;
  batch.add_delimited("w\nl\nw\nw\nw\nl\nw\nl\nw\nnope\n");
  event_engine::RejectedEvents rejected;
  const event_engine::ApplyResult result = model->apply(batch, rejected);
  EXPECT_EQ(result.accepted, 9u);
  EXPECT_EQ(result.rejected, 1u);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected.items()[0].index, 9u);

  const json summary = model->summary(true);
  EXPECT_EQ(summary["w"], 6);
  EXPECT_EQ(summary["n"], 9);
  EXPECT_NEAR(summary["sd"].get<double>(), 0.139, 0.0005);
  EXPECT_EQ(model->view().tag, "n_9_w_6");

  auto restored = create(json::parse(R"({"grid_points": 120, "prior": {"type": "uniform"}})"));
  restored->restore(json::parse(model->snapshot().dump()));
  EXPECT_EQ(restored->summary(false).dump(), model->summary(false).dump());
}

TEST_F(BinomialGridPlugin, InvalidConfigIsAConfigErrorNamingThePath) {
  try {
    create(json::parse(R"({"prior": {"type": "beta", "a": -1, "b": 2}})"));
    FAIL() << "no ConfigError";
  } catch (const event_engine::ConfigError& error) {
    EXPECT_EQ(error.path(), "/process/model/config/prior/a");
    EXPECT_STREQ(error.what(), "/process/model/config/prior/a: expected a number > 0, got -1");
  }
}

TEST_F(BinomialGridPlugin, UnknownKeyIsRefused) {
  try {
    create(json::parse(R"({"grid_point": 50})"));
    FAIL() << "no ConfigError";
  } catch (const event_engine::ConfigError& error) {
    EXPECT_EQ(error.path(), "/process/model/config/grid_point");
    EXPECT_NE(std::string(error.what()).find("grid_points"), std::string::npos) << error.what();
  }
}

TEST_F(BinomialGridPlugin, QueryErrorsCrossTheLibraryBoundaryByType) {
  auto model = create(json::object());
  try {
    model->query("predict", {{"trials", "0"}, {"draws", "10"}});
    FAIL() << "no QueryError";
  } catch (const event_engine::QueryError& error) {
    EXPECT_EQ(error.status(), 400);
  }
  const json answer = model->query("predict", {{"trials", "3"}, {"draws", "10"}, {"seed", "1"}});
  EXPECT_EQ(answer["histogram"].size(), 4u);
}

}  // namespace
