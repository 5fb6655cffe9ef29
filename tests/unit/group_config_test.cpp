// process.group: read with its defaults, and every bad value refused naming its JSON path.
#include "group/group_config.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/pipeline_config.hpp"
#include "event_engine/config_error.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

std::string error_of(const json& process) {
  try {
    read_group_config(process);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(GroupConfig, AbsentOrNullIsNoGroup) {
  EXPECT_FALSE(read_group_config(json::object()).has_value());
  EXPECT_FALSE(read_group_config(json{{"group", nullptr}}).has_value());
}

TEST(GroupConfig, ThePrefixAndTheDefaults) {
  const std::optional<GroupConfig> group = read_group_config(json{{"group", {{"prefix", "bayes-"}}}});
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->prefix, "bayes-");
  EXPECT_EQ(group->max_members, 64u);
  EXPECT_EQ(group->cache, std::chrono::milliseconds(500));
  const std::optional<GroupConfig> tuned =
      read_group_config(json{{"group", {{"prefix", "b"}, {"max_members", 3}, {"cache_ms", 0}}}});
  EXPECT_EQ(tuned->max_members, 3u);
  EXPECT_EQ(tuned->cache, std::chrono::milliseconds(0));
}

TEST(GroupConfig, BadValuesNameTheirPath) {
  EXPECT_EQ(error_of(json{{"group", "bayes-"}}),
            R"(/process/group: expected an object such as {"prefix": "bayes-"}, got "bayes-")");
  EXPECT_EQ(error_of(json{{"group", json::object()}}),
            "/process/group/prefix: expected a string, got nothing");
  EXPECT_EQ(error_of(json{{"group", {{"prefix", ""}}}}),
            R"(/process/group/prefix: expected the non-empty start of the members' checkpoint keys, got "")");
  EXPECT_EQ(error_of(json{{"group", {{"prefix", "b"}, {"max_members", 0}}}}),
            "/process/group/max_members: expected an integer in [1, 4096], got 0");
  EXPECT_EQ(error_of(json{{"group", {{"prefix", "b"}, {"cache_ms", -1}}}}),
            "/process/group/cache_ms: expected an integer in [0, 60000], got -1");
  EXPECT_EQ(error_of(json{{"group", {{"prefix", "b"}, {"members", 3}}}}),
            "/process/group/members: unknown key; expected prefix, max_members or cache_ms");
}

TEST(GroupConfig, ThePipelineConfigReadsItIntoTheProcess) {
  const json config = json::parse(R"({
    "broker": {"plugin": "zmq", "config": {}},
    "process": {"topics": ["t"], "model": {"plugin": "m", "config": {}}, "group": {"prefix": "bayes-"}}})");
  const PipelineConfig parsed = parse_pipeline_config(config, "/tmp");
  ASSERT_TRUE(parsed.process->group.has_value());
  EXPECT_EQ(parsed.process->group->prefix, "bayes-");
  std::vector<std::string> errors;
  json bad = config;
  bad["process"]["group"] = {{"prefix", 5}};
  parse_pipeline_config(bad, "/tmp", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "/process/group/prefix: expected a string, got 5");
}

}  // namespace
}  // namespace event_engine
