// `event-engine publish --file`: a running engine receives every event of the file, and the output
// is one final line with the totals and the rate off a terminal, a bar in events and bytes on one.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "free_port.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace event_engine::testing {
namespace {

class PublishProgress : public ::testing::Test {
 protected:
  PublishProgress()
      : zmq_port_(free_port()),
        engine_(work_.path(), "config/default.json",
                {"broker.config.endpoints=[\"inproc://event-engine\",\"tcp://127.0.0.1:" +
                 std::to_string(zmq_port_) + "\"]"}) {
    // 30,000 events in 60,000 bytes: 20,000 w and 10,000 l, three batches of the publisher.
    std::ofstream events(work_ / "events.txt");
    for (int i = 0; i < 30000; ++i) events << (i % 3 == 2 ? "l\n" : "w\n");
  }

  std::vector<std::string> publish_command() const {
    std::vector<std::string> argv = engine_.command("publish");
    argv.insert(argv.end(), {"--log-level", "warn", "--file", (work_ / "events.txt").string()});
    return argv;
  }

  int wait_for_n(int n) {
    int seen = -1;
    for (int attempt = 0; attempt < 400 && seen < n; ++attempt) {
      const HttpReply reply = http_get(engine_.http_port(), "/model?compact=1");
      if (reply.status == 200) seen = nlohmann::json::parse(reply.body).at("n").get<int>();
      if (seen < n) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return seen;
  }

  TempDir work_;
  int zmq_port_;
  EngineInstance engine_;
};

TEST_F(PublishProgress, OffATerminalPrintsOnlyTheFinalLineWithEventsBytesAndRate) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  std::string output;
  ASSERT_EQ(run_program(publish_command(), output), 0) << output;
  EXPECT_EQ(output.rfind("published 30000 events (60.0 kB) to topic \"update_model\" in ", 0), 0u) << output;
  EXPECT_NE(output.find(" events/s\n"), std::string::npos) << output;
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  EXPECT_EQ(output.find('\r'), std::string::npos) << output;
  EXPECT_EQ(wait_for_n(30000), 30000);
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(PublishProgress, OnATerminalDrawsABarInBytesWithUnitsAndEventsWithRateAndTimeLeft) {
  ASSERT_TRUE(engine_.start()) << engine_.log();
  // script(1) runs the command on a pseudo-terminal, as a person's shell would.
  std::string command;
  for (const std::string& argument : publish_command()) command += "'" + argument + "' ";
  std::string output;
  ASSERT_EQ(run_program({"script", "-qec", command, "/dev/null"}, output), 0) << output;
  EXPECT_NE(output.find("\r[##########"), std::string::npos) << output;
  EXPECT_NE(output.find("100%  60.0 kB of 60.0 kB  30000 events  "), std::string::npos) << output;
  EXPECT_NE(output.find(" left"), std::string::npos) << output;
  EXPECT_EQ(output.find("60000/60000"), std::string::npos) << output;  // bytes once shown as events
  EXPECT_NE(output.find("published 30000 events (60.0 kB)"), std::string::npos) << output;
  EXPECT_EQ(wait_for_n(30000), 30000);
  EXPECT_EQ(engine_.stop(), std::optional<int>(0)) << engine_.log();
}

TEST_F(PublishProgress, ABadBrokerConfigNamesItsPathAndExits2) {
  // The broker plugin throws the ConfigError; it used to be caught after its library was unloaded.
  std::vector<std::string> argv = engine_.command("publish");
  argv.insert(argv.end(), {"--set", "broker.config.pattern=fan_out", "w"});
  std::string output;
  EXPECT_EQ(run_program(argv, output), 2) << output;
  EXPECT_NE(output.find("/broker/config/pattern: expected one of \"push_pull\" \"pub_sub\""),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace event_engine::testing
