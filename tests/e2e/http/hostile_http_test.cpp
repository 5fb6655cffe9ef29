// The default pipeline's HTTP front as an outside client finds it: slow and idle connections,
// a gzip bomb, curl's default content type, oversized requests, HEAD and other methods, the
// bearer token and the cap on heavy queries. Every test here failed on the thread-per-connection
// front this one replaced.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "time_scale.hpp"

namespace event_engine::testing {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct CurlReply {
  int status = 0;
  std::string headers;  // of the final answer, lower-cased names as sent
  std::string body;
};

// One request with the real curl; `arguments` go before the URL.
CurlReply curl(const TempDir& dir, int port, const std::string& path, std::vector<std::string> arguments) {
  static int call = 0;
  const std::string tag = std::to_string(++call);
  const std::filesystem::path headers = dir / ("headers-" + tag);
  const std::filesystem::path body = dir / ("body-" + tag);
  std::vector<std::string> argv = {"curl",        "-s", "--max-time",     "30", "-o",
                                   body.string(), "-D", headers.string(), "-w", "%{http_code}"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  argv.push_back("http://127.0.0.1:" + std::to_string(port) + path);
  CurlReply reply;
  std::string output;
  run_program(argv, output);
  reply.status = std::atoi(output.c_str());
  reply.headers = read_file(headers);
  reply.body = read_file(body);
  // After "100 Continue" curl records both header blocks: keep the final one.
  if (const std::size_t last = reply.headers.rfind("HTTP/1."); last != std::string::npos)
    reply.headers = reply.headers.substr(last);
  return reply;
}

bool has_header(const CurlReply& reply, const std::string& line_start) {
  std::string lower = reply.headers;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string wanted = line_start;
  for (char& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("\n" + wanted) != std::string::npos;
}

// tests/e2e/http/refused_uploads.py in `mode` (urllib, requests, endless): what the client saw.
nlohmann::json refused_upload(const std::string& mode, int port, std::vector<std::string> arguments) {
  std::vector<std::string> argv = {"python3",
                                   std::string(test_paths::source_dir) + "/tests/e2e/http/refused_uploads.py",
                                   mode, "--port", std::to_string(port)};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string output;
  const int exit_code = run_program(argv, output, scaled(std::chrono::seconds(60)));
  const nlohmann::json result = nlohmann::json::parse(output, nullptr, false);
  if (exit_code != 0 || result.is_discarded())
    return {{"error", "exit " + std::to_string(exit_code) + ": " + output}};
  return result;
}

// Asks `condition` every 10 ms until it holds or `patience` passes; whether it held.
bool wait_until_true(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class HostileHttp : public ::testing::Test {
 protected:
  std::unique_ptr<EngineInstance> engine(std::vector<std::string> overrides) {
    overrides.push_back("broker.config.endpoints=[\"inproc://event-engine\",\"tcp://127.0.0.1:" +
                        std::to_string(free_port()) + "\"]");
    auto instance = std::make_unique<EngineInstance>(work_.path() / std::to_string(engines_++),
                                                     "config/default.json", std::move(overrides));
    return instance;
  }

  double metric(const EngineInstance& instance, const std::string& name) {
    return metric_value(http_get(instance.http_port(), "/metrics").body, name);
  }

  std::uint64_t resident_kib(pid_t pid) {
    std::istringstream status(read_file("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
    }
    return 0;
  }

  TempDir work_;
  int engines_ = 0;
};

TEST_F(HostileHttp, HeldConnectionsNeitherStopIngestionNorStayOpen) {
  auto instance = engine(
      {"http.request_timeout_ms=2000", "http.idle_timeout_ms=1000", "http.max_connections_per_client=200"});
  ASSERT_TRUE(instance->start()) << instance->log();
  // 1,000 connections from 127.0.0.2, half idle and half sending a header line every 0.5 s, while
  // another client on 127.0.0.1 asks GET /update_model/w 300 times.
  std::string output;
  const int exit_code = run_program(
      {"python3", test_paths::held_connections_script, "--port", std::to_string(instance->http_port()),
       "--held", "1000", "--seconds", std::to_string(6 * time_scale()), "--requests", "300"},
      output, scaled(std::chrono::seconds(60)));
  ASSERT_EQ(exit_code, 0) << output;
  const nlohmann::json result = nlohmann::json::parse(output);
  EXPECT_EQ(result.at("failures").get<int>(), 0) << output;
  EXPECT_EQ(result.at("answered").get<int>(), 300) << output;
  EXPECT_EQ(result.at("statuses").value("201", 0), 300) << output;
  // Not a speed target (that is bench/'s held-connections row): only that no request waited for
  // a held connection to go away, which on the old front took seconds.
  EXPECT_LT(result.at("p99_ms").get<double>(), 1000.0 * time_scale()) << output;
  // Over the per-client cap: a 503 at once. Under it: closed by the deadlines, idle ones after
  // about 1 s, trickling ones after 2 s however often they send.
  EXPECT_GT(result.at("held_answered_503").get<int>(), 0) << output;
  EXPECT_EQ(result.at("held_closed_by_server").get<int>(), 1000) << output;
  EXPECT_LT(result.at("held_closed_after_s_max").get<double>(), 4.0 * time_scale()) << output;
  EXPECT_GT(metric(*instance, "event_engine_http_connections_refused_total"), 0);
  EXPECT_GE(metric(*instance, "event_engine_http_connections_timed_out_total"), 200);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, CompressedBodiesAreRefusedWithoutDecoding) {
  auto instance = engine({});
  ASSERT_TRUE(instance->start()) << instance->log();
  // 256 MiB of "w\n" in about 250 KB: four times the body limit once decoded.
  const std::filesystem::path bomb = work_ / "bomb.gz";
  std::string output;
  ASSERT_EQ(run_program({"python3", "-c",
                         "import gzip,sys; sys.stdout.buffer.write(gzip.compress(b'w\\n' * (128 << 20), 9))"},
                        output),
            0);
  std::ofstream(bomb, std::ios::binary) << output;
  const std::uint64_t before_kib = resident_kib(instance->pid());
  const CurlReply reply = curl(work_, instance->http_port(), "/events",
                               {"-H", "Content-Encoding: gzip", "--data-binary", "@" + bomb.string()});
  EXPECT_EQ(reply.status, 415) << reply.body;
  EXPECT_NE(reply.body.find("uncompressed"), std::string::npos) << reply.body;
  EXPECT_LT(resident_kib(instance->pid()), before_kib + 64 * 1024) << "the body was not decoded";
  EXPECT_EQ(metric(*instance, "event_engine_events_published_total"), 0);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, CurlsDefaultContentTypeIsAcceptedForEvents) {
  auto instance = engine({});
  ASSERT_TRUE(instance->start()) << instance->log();
  // 1 MiB of events posted as the README posts three: no Content-Type, so curl says
  // application/x-www-form-urlencoded (and, above 1 MiB, Expect: 100-continue).
  const std::filesystem::path events = work_ / "events.txt";
  {
    std::ofstream out(events, std::ios::binary);
    for (int i = 0; i < 512 * 1024; ++i) out << (i % 3 == 0 ? "l\n" : "w\n");
  }
  const CurlReply reply =
      curl(work_, instance->http_port(), "/events", {"--data-binary", "@" + events.string()});
  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(nlohmann::json::parse(reply.body).at("accepted").get<int>(), 512 * 1024);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, OversizedRequestsNameTheLimitTheyHit) {
  auto instance = engine({"http.max_body_bytes=1000", "http.max_pending_body_bytes=100000"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const std::string body(2000, 'w');
  CurlReply reply = curl(work_, instance->http_port(), "/events", {"--data-binary", body});
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find("1000 bytes (http.max_body_bytes)"), std::string::npos) << reply.body;
  // Chunked, so the size is only known while reading: the limit applies to what arrives.
  reply = curl(work_, instance->http_port(), "/events",
               {"-H", "Transfer-Encoding: chunked", "--data-binary", body});
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find("http.max_body_bytes"), std::string::npos) << reply.body;
  reply = curl(work_, instance->http_port(), "/model", {"-H", "X-Big: " + std::string(20000, 'x')});
  EXPECT_EQ(reply.status, 431);
  EXPECT_NE(reply.body.find("http.max_header_bytes"), std::string::npos) << reply.body;
  EXPECT_EQ(http_get(instance->http_port(), "/healthz").status, 200) << "the engine kept serving";
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

// Python's urllib and requests send the whole body before they read the answer. A refusal sent
// before the body was read used to be followed by a close with the body unread, which the kernel
// turns into a reset: they reported "Connection reset by peer" instead of the 413 that curl read.
TEST_F(HostileHttp, PythonClientsReadEveryEarlyRefusalOfA2MiBUpload) {
  auto instance = engine({"http.max_body_bytes=1000000", "http.max_pending_body_bytes=1000000"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  // Holds http.max_pending_body_bytes: a request whose stated body is still to come.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(holder, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(holder, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string held = "POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nw\n";
  ASSERT_EQ(::send(holder, held.data(), held.size(), MSG_NOSIGNAL), static_cast<ssize_t>(held.size()));
  for (const std::string client : {"urllib", "requests"}) {
    SCOPED_TRACE(client);
    nlohmann::json result = refused_upload(client, port, {});
    EXPECT_EQ(result.value("status", 0), 413) << result;
    EXPECT_NE(result.value("body", "").find("http.max_body_bytes"), std::string::npos) << result;
    // Under the body limit: refused for its encoding.
    result = refused_upload(client, port, {"--bytes", "900000", "--header", "Content-Encoding: gzip"});
    EXPECT_EQ(result.value("status", 0), 415) << result;
    result = refused_upload(client, port, {"--header", "X-Big: " + std::string(20000, 'x')});
    EXPECT_EQ(result.value("status", 0), 431) << result;
    // Under the body limit, over what may be pending while the held request waits for its body.
    result = refused_upload(client, port, {"--bytes", "900000"});
    EXPECT_EQ(result.value("status", 0), 503) << result;
    EXPECT_NE(result.value("body", "").find("http.max_pending_body_bytes"), std::string::npos) << result;
  }
  ::close(holder);
  EXPECT_EQ(metric(*instance, "event_engine_events_published_total"), 0);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();

  const std::string token = "a-token-the-uploads-do-not-send";
  ::setenv("EVENT_ENGINE_TEST_TOKEN", token.c_str(), 1);
  auto guarded = engine({"http.auth.token_env=EVENT_ENGINE_TEST_TOKEN"});
  ASSERT_TRUE(guarded->start()) << guarded->log();
  ::unsetenv("EVENT_ENGINE_TEST_TOKEN");
  for (const std::string client : {"urllib", "requests"}) {
    const nlohmann::json result = refused_upload(client, guarded->http_port(), {});
    EXPECT_EQ(result.value("status", 0), 401) << client << ": " << result;
  }
  EXPECT_EQ(guarded->stop(), std::optional<int>(0)) << guarded->log();
}

// The lingering close is bounded: a client that never stops sending is cut once it sent
// http.lingering_bytes after the refusal, one that trickles once http.lingering_time_ms passed.
TEST_F(HostileHttp, AClientThatNeverStopsSendingIsCutAtTheLingeringBounds) {
  auto instance = engine({"http.max_body_bytes=1000", "http.lingering_bytes=1048576",
                          "http.lingering_time_ms=1000", "http.lingering_timeout_ms=500"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  const std::string endless_body = std::to_string(std::int64_t{1} << 40);
  const std::string limit = std::to_string(std::chrono::duration<double>(scaled(30s)).count());

  nlohmann::json result =
      refused_upload("endless", port, {"--bytes", endless_body, "--chunk", "65536", "--timeout", limit});
  EXPECT_FALSE(result.at("cut").is_null()) << result;
  // 1 MiB discarded, plus what the kernel's buffers on both sides held when it was cut.
  EXPECT_LT(result.at("sent").get<double>(), 32.0 * 1024 * 1024) << result;

  result = refused_upload("endless", port,
                          {"--bytes", endless_body, "--chunk", "1", "--pause", "0.05", "--timeout", limit});
  EXPECT_FALSE(result.at("cut").is_null()) << result;
  EXPECT_GE(result.at("seconds").get<double>(), 0.9) << "lingered for http.lingering_time_ms: " << result;
  EXPECT_LT(result.at("seconds").get<double>(), std::chrono::duration<double>(scaled(5s)).count()) << result;

  // A client that stops sending and keeps the connection open: closed after http.lingering_timeout_ms.
  result = refused_upload("endless", port,
                          {"--bytes", endless_body, "--chunk", "1", "--pause", "2", "--timeout", limit});
  EXPECT_FALSE(result.at("cut").is_null()) << result;
  EXPECT_LT(result.at("seconds").get<double>(), std::chrono::duration<double>(scaled(5s)).count()) << result;
  EXPECT_EQ(http_get(port, "/healthz").status, 200) << "the engine kept serving";
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, HeadAnswersAsGetWithoutPublishing) {
  auto instance = engine({});
  ASSERT_TRUE(instance->start()) << instance->log();
  for (int i = 0; i < 2; ++i) {
    const CurlReply reply = curl(work_, instance->http_port(), "/update_model/w", {"-I"});
    EXPECT_EQ(reply.status, 201);
    EXPECT_TRUE(has_header(reply, "content-length: 13")) << reply.headers;
    EXPECT_EQ(reply.body.find("Model updated"), std::string::npos) << "no body";
  }
  EXPECT_EQ(curl(work_, instance->http_port(), "/update_model/x", {"-I"}).status, 404);
  EXPECT_EQ(curl(work_, instance->http_port(), "/model", {"-I"}).status, 200);
  // The published count moves before an ingestion request is answered: after the HEADs it is 0.
  EXPECT_EQ(metric(*instance, "event_engine_events_published_total"), 0);
  EXPECT_EQ(http_get(instance->http_port(), "/update_model/l").status, 201);
  EXPECT_EQ(metric(*instance, "event_engine_events_published_total"), 1);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, OtherMethodsGet405WithAllowAndOptionsIsAnswered) {
  auto instance = engine({});
  ASSERT_TRUE(instance->start()) << instance->log();
  CurlReply reply = curl(work_, instance->http_port(), "/update_model/w", {"-X", "PUT"});
  EXPECT_EQ(reply.status, 405);
  EXPECT_TRUE(has_header(reply, "allow: GET, HEAD, POST, OPTIONS")) << reply.headers;
  reply = curl(work_, instance->http_port(), "/events", {"-X", "GET"});
  EXPECT_EQ(reply.status, 405);
  EXPECT_TRUE(has_header(reply, "allow: POST, OPTIONS")) << reply.headers;
  reply = curl(work_, instance->http_port(), "/model", {"-X", "DELETE"});
  EXPECT_EQ(reply.status, 405);
  EXPECT_TRUE(has_header(reply, "allow: GET, HEAD, OPTIONS")) << reply.headers;
  reply = curl(work_, instance->http_port(), "/model", {"-X", "OPTIONS"});
  EXPECT_EQ(reply.status, 204);
  EXPECT_TRUE(has_header(reply, "allow: GET, HEAD, OPTIONS")) << reply.headers;
  EXPECT_EQ(curl(work_, instance->http_port(), "/nowhere", {"-X", "PUT"}).status, 404);
  EXPECT_EQ(metric(*instance, "event_engine_events_published_total"), 0);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, BearerTokenGuardsIngestionAndOptionallyReads) {
  const std::string token = "s3cret-token-for-the-test";
  ::setenv("EVENT_ENGINE_TEST_TOKEN", token.c_str(), 1);
  auto instance = engine({"http.auth.token_env=EVENT_ENGINE_TEST_TOKEN"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  CurlReply reply = curl(work_, port, "/update_model/w", {});
  EXPECT_EQ(reply.status, 401);
  EXPECT_TRUE(has_header(reply, "www-authenticate: Bearer")) << reply.headers;
  EXPECT_EQ(curl(work_, port, "/update_model/w", {"-H", "Authorization: Bearer wrong"}).status, 401);
  EXPECT_EQ(curl(work_, port, "/events", {"--data-binary", "w"}).status, 401);
  EXPECT_EQ(curl(work_, port, "/update_model/w", {"-H", "Authorization: Bearer " + token}).status, 201);
  EXPECT_EQ(
      curl(work_, port, "/events", {"-H", "Authorization: Bearer " + token, "--data-binary", "w"}).status,
      202);
  EXPECT_EQ(curl(work_, port, "/model", {}).status, 200) << "reads stay open by default";
  EXPECT_EQ(curl(work_, port, "/healthz", {}).status, 200);
  EXPECT_EQ(metric(*instance, "event_engine_http_unauthorised_total"), 3);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
  EXPECT_EQ(instance->log().find(token), std::string::npos) << "the token is never logged";

  auto guarded = engine({"http.auth.token_env=EVENT_ENGINE_TEST_TOKEN", "http.auth.protect_reads=true"});
  ASSERT_TRUE(guarded->start()) << guarded->log();
  EXPECT_EQ(curl(work_, guarded->http_port(), "/model", {}).status, 401);
  EXPECT_EQ(curl(work_, guarded->http_port(), "/metrics", {}).status, 401);
  EXPECT_EQ(curl(work_, guarded->http_port(), "/model", {"-H", "Authorization: Bearer " + token}).status,
            200);
  EXPECT_EQ(curl(work_, guarded->http_port(), "/healthz", {}).status, 200);
  EXPECT_EQ(curl(work_, guarded->http_port(), "/", {}).status, 200) << "the page asks for the token itself";
  EXPECT_EQ(guarded->stop(), std::optional<int>(0)) << guarded->log();

  // Asked for a token that is not there: the engine refuses to start rather than run open.
  ::unsetenv("EVENT_ENGINE_TEST_TOKEN");
  auto unset = engine({"http.auth.token_env=EVENT_ENGINE_TEST_TOKEN"});
  EXPECT_FALSE(unset->start());
  EXPECT_NE(unset->log().find("EVENT_ENGINE_TEST_TOKEN"), std::string::npos) << unset->log();
}

// A client that asks a heavy query again at once when told 429, whatever Retry-After says, gets
// its 429 only after a short wait: it asks ten times a second, not thousands, and costs the
// front as little.
TEST_F(HostileHttp, AClientAskingInALoopBeyondTheCapIsSlowedDown) {
  auto instance = engine({"http.max_concurrent_queries=1"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  const std::string query = "/model/predict?trials=10000&draws=1000000";
  std::atomic<bool> done{false};
  // Keeps the one slot taken: each of its queries computes for a while.
  std::thread holder([&] {
    while (!done.load()) http_get(port, query);
  });
  // Measured once the holder has the slot: a query of ours is refused.
  const bool slot_taken = wait_until_true([&] { return http_get(port, query).status == 429; }, scaled(10s));
  int busy = 0;
  int answers = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < until) {
    busy += http_get(port, query).status == 429;
    ++answers;
  }
  done.store(true);
  holder.join();
  ASSERT_TRUE(slot_taken);
  EXPECT_GE(busy, 1);
  EXPECT_LE(answers, 15) << "answers in one second of asking in a loop";
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

// A plugin that throws where it should not (a plain exception from a model query, not a
// QueryError) costs its request a 500, not the engine its life.
TEST_F(HostileHttp, AQueryWhosePluginThrowsIsAnswered500AndTheEngineRunsOn) {
  auto instance = engine({std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\",\"" +
                              test_paths::test_plugins_dir + "/latched\"]",
                          R"(process.model={"plugin": "latched", "config": {}})", "process.visualisers=[]"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  for (int i = 0; i < 3; ++i) {
    const HttpReply failed = http_get(port, "/model/throw");
    EXPECT_EQ(failed.status, 500);
    EXPECT_NE(failed.body.find("the latched model's throw query"), std::string::npos) << failed.body;
  }
  EXPECT_EQ(metric(*instance, "event_engine_http_handler_failures_total"), 3);
  EXPECT_EQ(http_get(port, "/update_model/w").status, 201);
  std::string summary;
  wait_until_true([&] { return (summary = http_get(port, "/model?compact=1").body) == R"({"count":1})"; },
                  scaled(5s));
  EXPECT_EQ(summary, R"({"count":1})");
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

TEST_F(HostileHttp, HeavyQueriesBeyondTheCapGet429WhileOtherRoutesAnswer) {
  auto instance = engine({"http.max_concurrent_queries=1"});
  ASSERT_TRUE(instance->start()) << instance->log();
  const int port = instance->http_port();
  std::vector<std::future<HttpReply>> queries;
  for (int i = 0; i < 6; ++i) {
    queries.push_back(std::async(
        std::launch::async, [port] { return http_get(port, "/model/predict?trials=10000&draws=1000000"); }));
  }
  EXPECT_EQ(http_get(port, "/update_model/w").status, 201);
  int answered = 0;
  int busy = 0;
  for (auto& query : queries) {
    const HttpReply reply = query.get();
    answered += reply.status == 200;
    busy += reply.status == 429;
  }
  EXPECT_GE(answered, 1);
  EXPECT_GE(busy, 1) << "six queries of about 0.3 s each, started together, with room for one";
  EXPECT_EQ(answered + busy, 6);
  EXPECT_EQ(metric(*instance, "event_engine_http_busy_total"), busy);
  EXPECT_EQ(instance->stop(), std::optional<int>(0)) << instance->log();
}

}  // namespace
}  // namespace event_engine::testing
