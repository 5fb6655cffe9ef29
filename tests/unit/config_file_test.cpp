#include "config/config_file.hpp"

#include <gtest/gtest.h>
#include <fstream>

#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

nlohmann::json overridden(nlohmann::json config, std::string_view assignment) {
  apply_override(config, assignment);
  return config;
}

TEST(ApplyOverride, SetsNestedValuesParsedAsJson) {
  const auto config = overridden({{"http", {{"listen", "127.0.0.1:8000"}}}}, "http.listen=127.0.0.1:18000");
  EXPECT_EQ(config["http"]["listen"], "127.0.0.1:18000");
  EXPECT_EQ(overridden({}, "process.checkpoint.every_events=5")["process"]["checkpoint"]["every_events"], 5);
  EXPECT_EQ(overridden({}, "a.flag=true")["a"]["flag"], true);
}

TEST(ApplyOverride, CreatesMissingObjects) {
  const auto config =
      overridden(nlohmann::json::object(), R"(process.model.config.prior={"type":"uniform"})");
  EXPECT_EQ(config["process"]["model"]["config"]["prior"]["type"], "uniform");
}

TEST(ApplyOverride, AddressesListItemsByIndexAndAppendsOnePastTheEnd) {
  nlohmann::json config = {{"process", {{"visualisers", {{{"plugin", "png_plotter"}}}}}}};
  apply_override(config, "process.visualisers.0.config.min_interval_ms=0");
  EXPECT_EQ(config["process"]["visualisers"][0]["config"]["min_interval_ms"], 0);
  EXPECT_EQ(config["process"]["visualisers"][0]["plugin"], "png_plotter");
  apply_override(config, "process.visualisers.1.plugin=svg");
  EXPECT_EQ(config["process"]["visualisers"][1]["plugin"], "svg");
  EXPECT_THROW(apply_override(config, "process.visualisers.5.plugin=x"), ConfigError);
  EXPECT_THROW(apply_override(config, "process.visualisers.first.plugin=x"), ConfigError);
}

TEST(ApplyOverride, TakesAValueThatIsNotJsonAsAString) {
  EXPECT_EQ(overridden({}, "broker.plugin=zmq")["broker"]["plugin"], "zmq");
  EXPECT_EQ(overridden({}, "a={not json")["a"], "{not json");
  EXPECT_EQ(overridden({}, "a=")["a"], "");
}

TEST(ApplyOverride, RefusesMalformedAssignments) {
  nlohmann::json config = {{"a", 1}};
  EXPECT_THROW(apply_override(config, "no-equals-sign"), ConfigError);
  EXPECT_THROW(apply_override(config, "=1"), ConfigError);
  EXPECT_THROW(apply_override(config, "a..b=1"), ConfigError);
  try {
    apply_override(config, "a.b=1");
    FAIL() << "setting a key inside a number must fail";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("--set a.b"), std::string::npos) << error.what();
  }
}

TEST(ReadConfigFile, NamesTheLineAndColumnOfASyntaxError) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "event-engine-bad-config.json";
  std::ofstream(file) << "{\n  \"broker\": {\n    \"plugin\": \"zmq\",\n  }\n}\n";
  try {
    read_config_file(file);
    FAIL() << "a trailing comma must be refused";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(file.string() + ":4:"), std::string::npos) << error.what();
  }
  std::filesystem::remove(file);
  EXPECT_THROW(read_config_file("/no/such/config.json"), ConfigError);
}

}  // namespace
}  // namespace event_engine
