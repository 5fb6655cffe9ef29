// binomial_grid's forgetting through the real binary: config/keyed.json with
// process.model.config.forgetting = {"half_life_events": 100}, JSON events posted over HTTP, and a
// key's discounted counts read back against the closed form, across a restart.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

constexpr double half_life = 100;

std::string events(const std::string& variant, bool converted, int count) {
  std::string body;
  for (int i = 0; i < count; ++i)
    body += json{{"experiment", "checkout"}, {"variant", variant}, {"converted", converted}}.dump() + "\n";
  return body;
}

class Forgetting : public ::testing::Test {
 protected:
  json get_json(const std::string& path) {
    const HttpReply reply = http_get(engine_.http_port(), path);
    return reply.status == 200 ? json::parse(reply.body)
                               : json{{"status", reply.status}, {"body", reply.body}};
  }

  bool wait_for_total(int n) {
    for (int attempt = 0; attempt < 400; ++attempt) {
      if (get_json("/model?compact=1").value("n", -1) == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  TempDir work_;
  EngineInstance engine_{
      work_.path(), "config/keyed.json", {R"(process.model.config.forgetting={"half_life_events": 100})"}};
};

TEST_F(Forgetting, AKeysCountsAreDiscountedPerEventAndSurviveARestart) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  // checkout/A: 300 failures, then 100 successes; checkout/B: 50 successes.
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", events("A", false, 300)).status, 202);
  ASSERT_TRUE(wait_for_total(300)) << engine_.log();
  ASSERT_EQ(
      http_post(engine_.http_port(), "/events?topic=events", events("A", true, 100) + events("B", true, 50))
          .status,
      202);
  ASSERT_TRUE(wait_for_total(450)) << engine_.log();

  // W = sum of g^k for k < 100 = (1 - g^100) / (1 - g); L = g^100 (1 - g^300) / (1 - g).
  const double g = std::exp2(-1.0 / half_life);
  const double w = (1 - std::pow(g, 100)) / (1 - g);
  const double l = std::pow(g, 100) * (1 - std::pow(g, 300)) / (1 - g);
  const json a = get_json("/model?key=checkout/A&compact=1");
  ASSERT_FALSE(a.contains("status")) << a;
  EXPECT_NEAR(a["w"].get<double>(), w, 1e-9) << a;
  EXPECT_NEAR(a["l"].get<double>(), l, 1e-9) << a;
  EXPECT_EQ(a["n"], 400);
  EXPECT_NEAR(a["effective_sample_size"].get<double>(), w + l, 1e-9);
  EXPECT_EQ(a["forgetting"], json({{"half_life_events", half_life}}));

  const json table = get_json("/model?compact=1");
  EXPECT_EQ(table["keys"], 2);
  EXPECT_FALSE(table.contains("w")) << table;
  EXPECT_EQ(get_json("/model/srm?keys=checkout/A,checkout/B")["keys"][0]["n"], 400);
  // Not mergeable: a group's view of it is refused.
  EXPECT_NE(http_get(engine_.http_port(), "/model?key=checkout/A&scope=group").status, 200);

  ASSERT_EQ(engine_.stop(), 0);
  ASSERT_TRUE(engine_.start()) << engine_.log();
  ASSERT_TRUE(wait_for_total(450)) << engine_.log();
  EXPECT_EQ(get_json("/model?key=checkout/A&compact=1"), a);
}

}  // namespace
}  // namespace event_engine::testing
