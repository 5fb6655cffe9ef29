// config/keyed.json through the real binary: JSON events posted over HTTP, read back per key, the
// malformed ones dead-lettered, and every key restored after a restart.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_instance.hpp"
#include "http_client.hpp"
#include "png_image.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

using nlohmann::json;

class KeyedPipeline : public ::testing::Test {
 protected:
  KeyedPipeline() : engine_(work_.path(), "config/keyed.json", {}) {}

  json get_json(const std::string& path) {
    const HttpReply reply = http_get(engine_.http_port(), path);
    return reply.status == 200 ? json::parse(reply.body)
                               : json{{"status", reply.status}, {"body", reply.body}};
  }

  // Waits, bounded, until the whole table has taken `n` trials.
  bool wait_for_total(int n) {
    for (int attempt = 0; attempt < 400; ++attempt) {
      const json model = get_json("/model?compact=1");
      if (model.value("n", -1) == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  static std::string event(const std::string& experiment, const std::string& variant, bool converted) {
    return json{{"experiment", experiment}, {"variant", variant}, {"converted", converted}}.dump();
  }

  TempDir work_;
  EngineInstance engine_;
};

TEST_F(KeyedPipeline, JsonEventsInPerKeyAnswersOut) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  // JSON lines, then a JSON array of objects.
  const std::string lines = event("checkout", "A", true) + "\n" + event("checkout", "A", false) + "\n" +
                            event("checkout", "B", true) + "\n" + event("home", "A", false) + "\n";
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", lines).status, 202);
  const json array =
      json::array({json::parse(event("checkout", "B", true)), json::parse(event("checkout", "A", false))});
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", array.dump(), "application/json").status,
            202);
  ASSERT_TRUE(wait_for_total(6)) << engine_.log();

  const json a = get_json("/model?key=checkout/A&compact=1");
  EXPECT_EQ(a.value("w", -1), 1) << a;
  EXPECT_EQ(a.value("l", -1), 2) << a;
  EXPECT_EQ(a.value("key", ""), "checkout/A");
  EXPECT_FALSE(a.contains("posterior"));
  const json b = get_json("/model?key=checkout/B");
  EXPECT_EQ(b.value("w", -1), 2) << b;
  EXPECT_EQ(b["posterior"].size(), 120u);

  const json page = get_json("/keys?prefix=checkout/&limit=1");
  EXPECT_EQ(page.value("total", -1), 2) << page;
  ASSERT_EQ(page["keys"].size(), 1u) << page;
  EXPECT_EQ(page["keys"][0]["key"], "checkout/A");
  EXPECT_EQ(page["keys"][0]["n"], 3);
  EXPECT_EQ(page["keys"][0]["summary"]["w"], 1);
  EXPECT_EQ(page["next"], "checkout/A");
  const json rest = get_json("/keys?prefix=checkout/&after=checkout/A");
  ASSERT_EQ(rest["keys"].size(), 1u) << rest;
  EXPECT_EQ(rest["keys"][0]["key"], "checkout/B");
  EXPECT_TRUE(rest["next"].is_null());
  EXPECT_EQ(get_json("/keys").value("total", -1), 3);

  const HttpReply unknown = http_get(engine_.http_port(), "/model?key=checkout/Z");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("checkout/Z"), std::string::npos) << unknown.body;
  EXPECT_EQ(http_get(engine_.http_port(), "/keys?limit=0").status, 400);
  EXPECT_EQ(http_get(engine_.http_port(), "/keys?colour=red").status, 400);

  const json samples = get_json("/model/samples?key=checkout/B&draws=10&seed=1");
  EXPECT_EQ(samples["samples"].size(), 10u) << samples;

  // Two keys on one figure: a PNG with a legend entry per key.
  const HttpReply plot = http_get(engine_.http_port(), "/plot.png?keys=checkout/A,checkout/B");
  ASSERT_EQ(plot.status, 200) << plot.body;
  const std::optional<PngImage> image = decode_png_bytes(plot.body);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->width, 0);
  EXPECT_EQ(http_get(engine_.http_port(), "/plot.png?keys=checkout/A,nope").status, 404);
}

TEST_F(KeyedPipeline, MalformedEventsAreDeadLetteredWithTheirReasonAndNeverApplied) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  const std::string body = event("checkout", "A", true) + "\n" +
                           R"({"experiment":"checkout","converted":true})" + "\n" +
                           R"({"experiment":"checkout","variant":"A","converted":"maybe"})" + "\n" +
                           R"({"experiment":"checkout","variant":"A")" + "\n";
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", body).status, 202);
  ASSERT_TRUE(wait_for_total(1)) << engine_.log();
  bool counted = false;
  for (int attempt = 0; attempt < 400 && !counted; ++attempt) {
    counted = metric_value(http_get(engine_.http_port(), "/metrics").body,
                           "event_engine_events_rejected_total") == 3;
    if (!counted) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(counted) << http_get(engine_.http_port(), "/metrics").body;
  const std::string metrics = http_get(engine_.http_port(), "/metrics").body;
  EXPECT_EQ(metric_value(metrics, "event_engine_key_refusals_total"), 2);
  EXPECT_EQ(metric_value(metrics, "event_engine_keys"), 1);
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();

  std::ifstream dead_letters(work_.path() / "state" / "keyed-dead-letter.jsonl");
  std::vector<json> lines;
  for (std::string line; std::getline(dead_letters, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0]["reason"].get<std::string>().find("key pointer finds nothing"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1]["reason"].get<std::string>().find("not a success or failure token"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2]["reason"].get<std::string>().find("not valid JSON"), std::string::npos) << lines[2];
}

TEST_F(KeyedPipeline, ARestartRestoresEveryKeyExactly) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  std::string body;
  for (int i = 0; i < 300; ++i) body += event("e" + std::to_string(i % 30), "v", i % 3 == 0) + "\n";
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events", body).status, 202);
  ASSERT_TRUE(wait_for_total(300)) << engine_.log();
  const json before = get_json("/keys?limit=1000");
  ASSERT_EQ(before.value("total", -1), 30) << before;
  ASSERT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();

  ASSERT_TRUE(engine_.start()) << engine_.log();
  EXPECT_EQ(get_json("/keys?limit=1000"), before);
  // Keys seen before the restart keep their state; a new one starts from the prior.
  ASSERT_EQ(http_post(engine_.http_port(), "/events?topic=events",
                      event("e0", "v", true) + "\n" + event("new", "v", true))
                .status,
            202);
  ASSERT_TRUE(wait_for_total(302)) << engine_.log();
  EXPECT_EQ(get_json("/model?key=e0/v&compact=1").value("n", -1), 11);
  EXPECT_EQ(get_json("/model?key=new/v&compact=1").value("n", -1), 1);
}

// Readers list and look up keys while the pipeline adds them: every page is sorted, the total
// never goes down, and a key once listed is always found.
TEST_F(KeyedPipeline, ReadersListAndFindKeysWhileThePipelineAddsThem) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  constexpr int bodies = 20;
  constexpr int keys_per_body = 500;
  std::thread writer([&] {
    for (int body = 0; body < bodies; ++body) {
      std::string lines;
      for (int i = 0; i < keys_per_body; ++i)
        lines += event("e" + std::to_string(body), "v" + std::to_string(i), i % 2 == 0) + "\n";
      http_post(engine_.http_port(), "/events?topic=events", lines);
    }
  });
  int last_total = 0;
  int reads = 0;
  for (; reads < 200 && last_total < bodies * keys_per_body; ++reads) {
    const json page = get_json("/keys?limit=1000");
    ASSERT_TRUE(page.contains("total")) << page;
    const int total = page["total"].get<int>();
    EXPECT_GE(total, last_total);
    last_total = total;
    for (std::size_t i = 1; i < page["keys"].size(); ++i) {
      EXPECT_LT(page["keys"][i - 1]["key"].get<std::string>(), page["keys"][i]["key"].get<std::string>());
    }
    if (!page["keys"].empty()) {
      const std::string first = page["keys"][0]["key"].get<std::string>();
      EXPECT_EQ(http_get(engine_.http_port(), "/model?key=" + first + "&compact=1").status, 200) << first;
    }
  }
  writer.join();
  ASSERT_TRUE(wait_for_total(bodies * keys_per_body)) << engine_.log();
  EXPECT_EQ(get_json("/keys?limit=1").value("total", -1), bodies * keys_per_body);
}

// Text events, KEY:VALUE, over a keyed GET route as well as POST /events.
TEST(KeyedTextPipeline, KeyValueTextOverARouteAndABody) {
  TempDir work;
  EngineInstance engine(
      work.path(), "config/keyed.json",
      {R"(process.keys={"format": "text", "separator": ":"})",
       R"(ingest.routes=[{"path": "/track/{key}/{value}", "topic": "events", "accept": ["w", "l"]}])",
       R"(process.model.config.success=["w"])", R"(process.model.config.failure=["l"])"});
  ASSERT_TRUE(engine.start()) << engine.log();
  EXPECT_EQ(http_get(engine.http_port(), "/track/B/w").status, 201);
  EXPECT_EQ(http_get(engine.http_port(), "/track/B/l").status, 201);
  EXPECT_EQ(http_get(engine.http_port(), "/track/B/x").status, 404);
  EXPECT_EQ(http_get(engine.http_port(), "/track/B").status, 404);
  ASSERT_EQ(http_post(engine.http_port(), "/events?topic=events", "A:w\nA:w\n").status, 202);
  bool applied = false;
  for (int attempt = 0; attempt < 400 && !applied; ++attempt) {
    const HttpReply model = http_get(engine.http_port(), "/model?compact=1");
    applied = model.status == 200 && json::parse(model.body).value("n", -1) == 4;
    if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(applied) << engine.log();
  const json b = json::parse(http_get(engine.http_port(), "/model?key=B&compact=1").body);
  EXPECT_EQ(b.value("w", -1), 1) << b;
  EXPECT_EQ(b.value("l", -1), 1) << b;
  const json a = json::parse(http_get(engine.http_port(), "/model?key=A&compact=1").body);
  EXPECT_EQ(a.value("w", -1), 2) << a;
}

}  // namespace
}  // namespace event_engine::testing
