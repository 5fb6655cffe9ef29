// The group view with the real binomial_grid and file store plugins loaded by the real loader: the
// members are the checkpoints under the prefix, their merged state is the state of all their
// trials, and every bound (member count, a snapshot of another config, a store that cannot list)
// is a clear refusal with the HTTP status to answer.
#include "group/group_view.hpp"
#include "test_paths.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "event_engine/config_reader.hpp"
#include "group/group_summary.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "temp_dir.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

const json model_config = json::parse(R"({"grid_points": 50, "prior": {"type": "uniform"}})");

class GroupViewTest : public ::testing::Test {
 protected:
  PluginContext context() {
    return PluginContext{spdlog::default_logger(), &metrics_, state_.path(), "viewer"};
  }

  std::shared_ptr<Model> fresh_model(const json& config = model_config) {
    return loader_.create_model("binomial_grid", ConfigReader(config, "/process/model/config"), context());
  }

  std::shared_ptr<Store> file_store() {
    const json config = {{"directory", state_.path().string()}};
    return loader_.create_store("file", ConfigReader(config, "/process/store/config"), context());
  }

  // Saves, under `key`, the checkpoint of a model that applied `trials` (one character each).
  void save_member(const std::string& key, std::string_view trials, const json& config = model_config) {
    std::shared_ptr<Model> model = fresh_model(config);
    EventBatch batch;
    for (const char trial : trials) batch.add(std::string_view(&trial, 1));
    RejectedEvents rejected;
    model->apply(batch, rejected);
    file_store()->save(key,
                       Checkpoint{model->snapshot(), std::to_string(trials.size()), trials.size(), 0, 0});
  }

  GroupView view(GroupConfig config = {
                     .prefix = "bayes-", .max_members = 64, .cache = std::chrono::milliseconds(0)}) {
    return GroupView(config, file_store(), [this] { return fresh_model(); });
  }

  static int status_of(GroupView& group) {
    try {
      group.current();
    } catch (const GroupUnavailable& error) {
      return error.status();
    }
    return 200;
  }

  testing::TempDir state_;
  MetricsRegistry metrics_;
  const PluginLoader loader_{{test_paths::plugin_dir}};
};

TEST_F(GroupViewTest, TheMembersMergedAnswerAsOneModelThatSawEveryTrial) {
  save_member("bayes-1", "wwlw");
  save_member("bayes-2", "llw");
  save_member("bayes-3", "wwwwwl");
  save_member("other", "llllllll");  // not a member: another prefix
  GroupView group = view();
  const std::shared_ptr<const GroupState> state = group.current();
  ASSERT_EQ(state->members.size(), 3u);
  EXPECT_EQ(state->members[0].key, "bayes-1");
  EXPECT_EQ(state->members[2].accepted, 6u);
  EXPECT_GT(state->members[2].saved_at_unix_ms, 0u);

  std::shared_ptr<Model> single = fresh_model();
  EventBatch all;
  for (const char trial : std::string("wwlwllwwwwwwl")) all.add(std::string_view(&trial, 1));
  RejectedEvents rejected;
  single->apply(all, rejected);
  const json merged = group_summary(*state, group.config(), false);
  const json want = single->summary(false);
  EXPECT_EQ(merged.at("n"), 13);
  EXPECT_EQ(merged.at("w"), want.at("w"));
  for (std::size_t i = 0; i < want.at("posterior").size(); ++i) {
    EXPECT_NEAR(merged.at("posterior")[i].get<double>(), want.at("posterior")[i].get<double>(), 1e-12);
  }
  EXPECT_EQ(merged.at("scope"), "group");
  EXPECT_EQ(merged.at("group_prefix"), "bayes-");
  ASSERT_EQ(merged.at("members").size(), 3u);
  EXPECT_NEAR(merged.at("members")[1].at("share").get<double>(), 3.0 / 13.0, 1e-12);
  EXPECT_GE(merged.at("members")[1].at("age_ms").get<std::int64_t>(), 0);

  // A member removed leaves the group and takes its share with it.
  ASSERT_TRUE(file_store()->remove("bayes-3"));
  EXPECT_EQ(group_summary(*group.current(), group.config(), true).at("n"), 7);
}

TEST_F(GroupViewTest, NoMemberYetIsThePriorAlone) {
  GroupView group = view();
  const std::shared_ptr<const GroupState> state = group.current();
  EXPECT_TRUE(state->members.empty());
  EXPECT_EQ(group_summary(*state, group.config(), true).at("n"), 0);
}

TEST_F(GroupViewTest, AnswersWithinTheCacheTimeReuseOneRead) {
  save_member("bayes-1", "w");
  GroupView group = view({.prefix = "bayes-", .max_members = 64, .cache = std::chrono::hours(1)});
  const std::shared_ptr<const GroupState> first = group.current();
  save_member("bayes-2", "w");
  EXPECT_EQ(group.current(), first) << "read again within cache_ms";
}

TEST_F(GroupViewTest, MoreMembersThanTheBoundIsRefusedNamingIt) {
  for (int i = 0; i < 4; ++i) save_member("bayes-" + std::to_string(i), "w");
  GroupView group = view({.prefix = "bayes-", .max_members = 3, .cache = std::chrono::milliseconds(0)});
  try {
    group.current();
    FAIL() << "four members read with max_members 3";
  } catch (const GroupUnavailable& error) {
    EXPECT_EQ(error.status(), 503);
    EXPECT_NE(std::string(error.what()).find("process.group.max_members (3)"), std::string::npos)
        << error.what();
  }
}

TEST_F(GroupViewTest, AMemberOfAnotherConfigIsAConflictNamingIt) {
  save_member("bayes-1", "w");
  save_member("bayes-2", "w", json::parse(R"({"grid_points": 80, "prior": {"type": "uniform"}})"));
  GroupView group = view();
  try {
    group.current();
    FAIL() << "a snapshot of another grid merged";
  } catch (const GroupUnavailable& error) {
    EXPECT_EQ(error.status(), 409);
    EXPECT_NE(std::string(error.what()).find("member bayes-2"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("grid_points 80"), std::string::npos) << error.what();
  }
}

TEST_F(GroupViewTest, ACorruptMemberIsUnavailableNamingIt) {
  save_member("bayes-1", "w");
  std::filesystem::create_directories(state_.path());
  { std::ofstream(state_.path() / "bayes-2.json") << "{ not json"; }
  GroupView group = view();
  EXPECT_EQ(status_of(group), 503);
}

}  // namespace
}  // namespace event_engine
