// A group of engines as one model (issue 13): three subscribers in one consumer group, two
// api-publishers, one subscriber killed with SIGKILL twice at moments it names and restarted, another killed
// and never restarted. GET /model?scope=group on every live member then answers the exact totals published,
// with each member's share non-zero, and so does a process that only serves the group's view;
// removing the dead member takes its share out of the view.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "redis_services.hpp"
#include "temp_dir.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

// 1,000,000 trials as the issue asks: on two shared cores publishing and applying them takes
// about 30 s here; each phase below publishes a third.
constexpr std::int64_t total = 1000000;
constexpr std::int64_t per_request = 10000;
// Well above process.checkpoint.every_ms (1 s), as the broker's docs ask: a live member whose
// pipeline is held up for claim_idle_ms on two busy cores would be taken for dead.
constexpr int claim_idle_ms = 5000;

nlohmann::json group_summary(const EngineInstance& engine) {
  const HttpReply reply = http_get(engine.http_port(), "/model?scope=group&compact=1");
  if (reply.status != 200) return nlohmann::json::object();
  return nlohmann::json::parse(reply.body);
}

std::int64_t group_n(const EngineInstance& engine) {
  const nlohmann::json summary = group_summary(engine);
  return summary.contains("n") ? summary.at("n").get<std::int64_t>() : -1;
}

class EngineGroup : public ::testing::Test {
 protected:
  EngineInstance make_subscriber(int member, bool with_plotter) {
    const std::string key = "bayes-" + std::to_string(member);
    std::vector<std::string> overrides = {
        "broker.config.mode=stream", "broker.config.claim_idle_ms=" + std::to_string(claim_idle_ms),
        "process.checkpoint.key=" + key, R"(process.group={"prefix": "bayes-"})"};
    if (!with_plotter) overrides.push_back("process.visualisers=[]");
    return EngineInstance(member_dirs_[member - 1].path(), "config/bayes-subscriber.json",
                          redis_overrides(redis_, true, overrides));
  }

  EngineInstance make_publisher(int index) {
    return EngineInstance(publisher_dirs_[index].path(), "config/api-publisher.json",
                          redis_overrides(redis_, false, {"broker.config.mode=stream"}));
  }

  // Trials [from, to), the two publishers taking alternate requests at the same time.
  bool publish(std::int64_t from, std::int64_t to) {
    bool first_ok = true;
    bool second_ok = true;
    std::thread second([&] {
      for (std::int64_t start = from + per_request; start < to && second_ok; start += 2 * per_request) {
        second_ok = post_trials(publishers_[1], start, std::min(to, start + per_request), per_request);
      }
    });
    for (std::int64_t start = from; start < to && first_ok; start += 2 * per_request) {
      first_ok = post_trials(publishers_[0], start, std::min(to, start + per_request), per_request);
    }
    second.join();
    return first_ok && second_ok;
  }

  std::int64_t checkpointed_n(int member) {
    const std::string n =
        redis_.cli({"HGET", "event-engine:checkpoint:bayes-" + std::to_string(member), "n"});
    return n.empty() ? 0 : std::stoll(n);
  }

  RedisServer redis_;
  TempDir member_dirs_[3];
  TempDir publisher_dirs_[2];
  EngineInstance publishers_[2] = {make_publisher(0), make_publisher(1)};
};

TEST_F(EngineGroup, AnyMemberAnswersTheExactTotalsAfterKillsAndEachShareCounts) {
  EngineInstance one = make_subscriber(1, false);
  EngineInstance two = make_subscriber(2, true);
  EngineInstance three = make_subscriber(3, false);
  // Member one dies at moments it names (event_engine/kill_point.hpp), and the test checks that
  // each came when it should: the first after its first checkpoint is saved and before Redis
  // hears of it (the entries it covers still pending).
  one.start_to_die_at("checkpoint_saved:1");
  ASSERT_TRUE(wait_for_status(one.http_port(), "/healthz", 200, scaled(std::chrono::seconds(20))))
      << one.log();
  for (EngineInstance* engine : {&two, &three, &publishers_[0], &publishers_[1]}) {
    ASSERT_TRUE(engine->start()) << engine->log();
  }
  const std::int64_t third = total / 3;

  ASSERT_TRUE(publish(0, third));
  ASSERT_EQ(one.wait(scaled(std::chrono::seconds(60))), std::optional<int>(128 + SIGKILL)) << one.log();
  EXPECT_NE(one.kill_point_line().find("not yet committed to the broker"), std::string::npos) << one.log();
  ASSERT_TRUE(one.start()) << one.log();

  ASSERT_TRUE(publish(third, 2 * third));
  // Killed for good once its share is in a checkpoint, mid-stream.
  ASSERT_TRUE(wait_until([&] { return checkpointed_n(3) > 0; })) << three.log();
  three.kill();

  // The second kill lands while the last third is being published and consumed: after member one
  // applied its fifth batch of it, before a checkpoint covers that batch.
  ASSERT_EQ(one.stop(), std::optional<int>(0)) << one.log();
  one.start_to_die_at("applied:5");
  std::atomic<bool> publishing_done{false};
  bool last_third_published = false;
  std::thread last_third([&] {
    last_third_published = publish(2 * third, total);
    publishing_done = true;
  });
  const std::optional<int> died = one.wait(scaled(std::chrono::seconds(60)));
  const bool while_publishing = !publishing_done.load();
  const std::string fault = one.kill_point_line();
  const bool restarted = one.start();
  last_third.join();
  ASSERT_EQ(died, std::optional<int>(128 + SIGKILL)) << one.log();
  EXPECT_TRUE(while_publishing) << "the kill landed while the last third was being published";
  EXPECT_NE(fault.find("of them in no checkpoint offered"), std::string::npos) << fault;
  ASSERT_TRUE(restarted && last_third_published) << one.log();

  const auto patience = scaled(std::chrono::seconds(10) + std::chrono::milliseconds(claim_idle_ms));
  for (EngineInstance* member : {&one, &two}) {
    ASSERT_TRUE(wait_until([&] { return group_n(*member) == total; }, patience))
        << "group n = " << group_n(*member) << "\n"
        << group_summary(*member).dump() << "\n"
        << one.log() << two.log() << three.log();
  }
  for (EngineInstance* member : {&one, &two}) {
    const nlohmann::json summary = group_summary(*member);
    EXPECT_EQ(summary.at("scope"), "group");
    EXPECT_EQ(summary.at("w"), successes_before(total));
    EXPECT_EQ(summary.at("l"), total - successes_before(total));
    ASSERT_EQ(summary.at("members").size(), 3u) << summary.dump();
    std::int64_t shares = 0;
    for (const nlohmann::json& entry : summary.at("members")) {
      EXPECT_GT(entry.at("n").get<std::int64_t>(), 0) << entry.dump();
      EXPECT_GT(entry.at("share").get<double>(), 0.0) << entry.dump();
      EXPECT_FALSE(entry.at("age_ms").is_null()) << entry.dump();
      shares += entry.at("n").get<std::int64_t>();
    }
    EXPECT_EQ(shares, total);
    EXPECT_EQ(summary.at("members")[2].at("key"), "bayes-3");
  }
  // A process that only serves: the group's store, model config and process.group, a key outside
  // the prefix, and a broker that gets nothing (pub/sub, while the group reads the stream).
  TempDir viewer_dir;
  EngineInstance viewer(viewer_dir.path(), "config/bayes-subscriber.json",
                        redis_overrides(redis_, true,
                                        {"process.checkpoint.key=viewer",
                                         R"(process.group={"prefix": "bayes-"})", "process.visualisers=[]"}));
  ASSERT_TRUE(viewer.start()) << viewer.log();
  ASSERT_TRUE(wait_until([&] { return group_n(viewer) == total; }, scaled(std::chrono::seconds(5))))
      << group_summary(viewer).dump() << viewer.log();
  EXPECT_EQ(group_summary(viewer).at("w"), successes_before(total));
  EXPECT_EQ(group_summary(viewer).at("members").size(), 3u);
  EXPECT_EQ(applied_n(viewer), 0) << "the viewer applies nothing itself";
  ASSERT_EQ(viewer.stop(), std::optional<int>(0)) << viewer.log();

  const HttpReply plot = http_get(two.http_port(), "/plot.png?scope=group");
  EXPECT_EQ(plot.status, 200);
  EXPECT_EQ(plot.content_type, "image/png");
  EXPECT_LT(applied_n(one) + applied_n(two), total) << "the dead member's share is in its checkpoint only";

  // The member that stopped for good leaves the group, and its share with it.
  const std::int64_t dead_share = checkpointed_n(3);
  std::vector<std::string> remove = two.command("group");
  remove.insert(remove.begin() + 2, "remove");
  remove.push_back("bayes-3");
  std::string output;
  EXPECT_EQ(run_program(remove, output), 0) << output;
  EXPECT_NE(output.find("removed checkpoint \"bayes-3\""), std::string::npos) << output;
  EXPECT_EQ(run_program(remove, output), 1) << "removed already: " << output;
  ASSERT_TRUE(wait_until([&] { return group_n(two) == total - dead_share; }, std::chrono::seconds(5)))
      << group_summary(two).dump();
  EXPECT_EQ(group_summary(two).at("members").size(), 2u);

  for (EngineInstance* engine : {&one, &two})
    ASSERT_EQ(engine->stop(), std::optional<int>(0)) << engine->log();
}

TEST_F(EngineGroup, AnEngineInNoGroupAndABadScopeAreClearErrors) {
  TempDir alone_dir;
  EngineInstance alone(
      alone_dir.path(), "config/bayes-subscriber.json",
      redis_overrides(redis_, true, {"broker.config.mode=stream", "process.visualisers=[]"}));
  ASSERT_TRUE(alone.start()) << alone.log();
  EXPECT_EQ(http_get(alone.http_port(), "/model?scope=group").status, 404);
  EngineInstance member = make_subscriber(1, false);
  ASSERT_TRUE(member.start()) << member.log();
  const HttpReply bad = http_get(member.http_port(), "/model?scope=everyone");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("expected \"group\""), std::string::npos) << bad.body;
  EXPECT_EQ(http_get(member.http_port(), "/model?scope=group").status, 200);
  // Its own /model says it is in a group (the live page then shows the group); an engine in no
  // group says nothing of the kind.
  EXPECT_EQ(model_summary(member).at("group_prefix"), "bayes-");
  EXPECT_FALSE(model_summary(alone).contains("group_prefix"));
}

}  // namespace
}  // namespace event_engine::testing
