// A keyed group: two engines on config/keyed.json, each applying its own share and checkpointing
// to one shared file store under the group's prefix. Either member answers ?scope=group per key
// with the members merged key by key: a key both saw merges its counts exactly, a key one saw is
// that member's.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "png_image.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

std::string event(const std::string& experiment, const std::string& variant, bool converted) {
  return json{{"experiment", experiment}, {"variant", variant}, {"converted", converted}}.dump() + "\n";
}

json get_json(int port, const std::string& path) {
  const HttpReply reply = http_get(port, path);
  return reply.status == 200 ? json::parse(reply.body) : json{{"status", reply.status}, {"body", reply.body}};
}

// Waits, bounded, until GET `path` answers every field of `expected` as given.
bool wait_for(int port, const std::string& path, const json& expected) {
  for (int attempt = 0; attempt < 1200; ++attempt) {
    const json answer = get_json(port, path);
    bool all = true;
    for (const auto& [name, value] : expected.items()) all = all && answer.value(name, json()) == value;
    if (all) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

std::vector<std::string> member(const TempDir& store, int number) {
  return {"process.store.config.directory=" + store.path().string(),
          "process.checkpoint.key=keyed-" + std::to_string(number), "process.checkpoint.every_ms=200",
          R"(process.group={"prefix": "keyed-", "cache_ms": 100})"};
}

TEST(KeyedGroup, MembersMergeKeyByKey) {
  TempDir store, first_dir, second_dir;
  EngineInstance first(first_dir.path(), "config/keyed.json", member(store, 1));
  EngineInstance second(second_dir.path(), "config/keyed.json", member(store, 2));
  ASSERT_TRUE(first.start({"--reset-state"})) << first.log();
  ASSERT_TRUE(second.start({"--reset-state"})) << second.log();

  // checkout/A: 2 successes and 1 failure at the first member, 1 and 2 at the second (numbered
  // there after checkout/B, so the members' slots differ); checkout/B and home/C each at one member.
  ASSERT_EQ(http_post(first.http_port(), "/events?topic=events",
                      event("checkout", "A", true) + event("checkout", "A", false) +
                          event("checkout", "A", true) + event("home", "C", true))
                .status,
            202);
  ASSERT_EQ(
      http_post(second.http_port(), "/events?topic=events",
                event("checkout", "B", true) + event("checkout", "A", false) + event("checkout", "A", true) +
                    event("checkout", "A", false) + event("checkout", "B", false))
          .status,
      202);

  ASSERT_TRUE(wait_for(first.http_port(), "/model?scope=group&compact=1", {{"n", 9}, {"keys", 3}}))
      << get_json(first.http_port(), "/model?scope=group&compact=1") << first.log();
  for (const int port : {first.http_port(), second.http_port()}) {
    ASSERT_TRUE(wait_for(port, "/model?scope=group&key=checkout/A&compact=1", {{"w", 3}, {"l", 3}}))
        << get_json(port, "/model?scope=group&key=checkout/A&compact=1");
    const json a = get_json(port, "/model?scope=group&key=checkout/A&compact=1");
    EXPECT_EQ(a["scope"], "group");
    EXPECT_EQ(a["key"], "checkout/A");
    const json b = get_json(port, "/model?scope=group&key=checkout/B&compact=1");
    EXPECT_EQ(b.value("w", -1), 1) << b;
    EXPECT_EQ(b.value("l", -1), 1) << b;
    EXPECT_EQ(get_json(port, "/model?scope=group&key=home/C&compact=1").value("w", -1), 1);
    EXPECT_EQ(http_get(port, "/model?scope=group&key=nowhere/Z").status, 404);

    const json listed = get_json(port, "/keys?scope=group&prefix=checkout/");
    EXPECT_EQ(listed.value("total", -1), 2) << listed;
    ASSERT_EQ(listed["keys"].size(), 2u) << listed;
    EXPECT_EQ(listed["keys"][0]["key"], "checkout/A");
    EXPECT_EQ(listed["keys"][0]["n"], 6);
    EXPECT_EQ(listed["keys"][1]["n"], 2);

    const HttpReply plot = http_get(port, "/plot.png?scope=group&keys=checkout/A,checkout/B");
    ASSERT_EQ(plot.status, 200) << plot.body;
    const std::optional<PngImage> image = decode_png_bytes(plot.body);
    ASSERT_TRUE(image.has_value());
    EXPECT_GT(image->width, 0);
  }
  // Each member's own state is its share alone.
  EXPECT_EQ(get_json(first.http_port(), "/model?key=checkout/A&compact=1").value("n", -1), 3);
  EXPECT_EQ(get_json(second.http_port(), "/model?key=checkout/A&compact=1").value("n", -1), 3);
  EXPECT_EQ(http_get(first.http_port(), "/model?key=checkout/B").status, 404);
  // The group's predictive query per key runs on the merged state.
  const json predict =
      get_json(first.http_port(), "/model/predict?scope=group&key=checkout/A&trials=10&draws=100");
  EXPECT_FALSE(predict.contains("status")) << predict;
}

}  // namespace
}  // namespace event_engine::testing
